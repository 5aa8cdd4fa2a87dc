#!/usr/bin/env python3
"""Local Amazon Cognito user pools backend for the provider's tests and demo.

It runs moto's server WSGI app in-process (the same app as `moto_server`) and
adds what moto lacks for testing a Terraform provider honestly:

* AWS fidelity for user pool clients (spec: cognito-backend.md, sections 1-3).
  moto deviates from AWS in ways that would hide real provider bugs, so at
  import time this module patches moto's Cognito models:
  - Create/UpdateUserPoolClient validate like AWS (client_validation.py): the
    request against the service model, then the documented rules on the
    configuration the client would have, with AWS's error codes and messages
    (moto stores anything);
  - UpdateUserPoolClient replaces the whole configuration: omitted fields go
    back to AWS's defaults (moto merges the request into the old one);
  - values AWS stores other than as sent: RefreshTokenValidity 0 (or absent)
    is 30; RefreshTokenRotation defaults to DISABLED and its
    RetryGracePeriodSeconds to 0; AnalyticsConfiguration gets UserDataShared
    false by default and, with ApplicationArn, Cognito's service-linked role;
  - JSON nulls in a request count as absent, as on AWS;
  - lists come back in a different order than sent (AWS re-orders them; a
    provider that depends on list order must fail here too);
  - clients carry CreationDate and LastModifiedDate;
  - a missing client is reported with AWS's message, not the bare id;
  - pool ids, client ids and secrets have AWS's shapes;
  - ListUserPoolClients pages as AWS does: MaxResults 1-60 (the service
    model's range; 60 when absent), checked like the Create/Update requests
    (moto takes 0 for 60 and any size above); clients in creation order; an
    opaque, signed NextToken that resumes after the previous page's last
    client even if clients around it were deleted (moto's names the next
    page's first client and fails once it is gone); a token not issued for
    this pool by this process is refused with InvalidParameterException, in
    the words AWS uses for a bad ListUsers token (moto: InvalidToken, which
    no Cognito operation answers).
  - a client's original secret is generated (GenerateSecret) or given
    (CreateUserPoolClient's ClientSecret, 24-64 of [\w+], checked by the
    service model; refused together with GenerateSecret true); moto 5.2.1
    knows no ClientSecret and would store one as configuration. Update cannot
    set one. A description shows the original secret's value only while it is
    active and only if Cognito generated it: the reference is silent, see
    `described_secret` for the source of this choice. No validation message
    echoes a secret value ('***').
  - the client-secret operations, which moto 5.2.1 lacks, as the API
    reference documents them: AddUserPoolClientSecret (a generated or given
    secret; the value answered only if generated; at most 2 active secrets,
    a third LimitExceededException; a client created without a secret is
    refused, the reference speaking of "an existing confidential user pool
    app client"), ListUserPoolClientSecrets (ids and creation dates, never a
    value, one page) and DeleteUserPoolClientSecret (not the last secret;
    an unknown id ResourceNotFoundException). A ClientSecretId is
    `<client-id>--<epoch milliseconds>` (the reference's format, unit ours).
    Secrets live on their client, so deleting the client deletes them. The
    error texts are guesses in AWS's style (client_validation.AWS_ERRORS).
* Connections kept open between requests (HTTP/1.1 keep-alive), as AWS's
  endpoints keep them; werkzeug closes each one after its answer
  (`KeepAliveHandler`). A client's cost per call is then what it is against AWS,
  without a TCP connect for every request.
* AWS's request-rate quotas and faults, on demand (off until a test asks):
  - quotas: the categories UserPoolClientRead (Describe/ListUserPoolClients,
    ListUserPoolClientSecrets) and UserPoolClientUpdate (Create/Update/
    DeleteUserPoolClient, Add/DeleteUserPoolClientSecret; the secret
    operations where their closest relatives are, unverified), each 15
    requests per second per account and region, and 5 per second per
    operation and user pool. Two ways to count, as AWS does not say which it
    uses: token buckets holding a second's worth (the default), or a sliding
    window admitting at most the rate in any one second of arrival times (a
    strict reading, which a sender pacing at exactly the quota's spacing
    trips over as soon as its requests arrive with jitter). Over quota:
    HTTP 400 TooManyRequestsException "Too many requests".
  - faults: each Cognito call in scope gets, with probability `rate`, one of
    throttle (TooManyRequestsException; not processed), internal_error (HTTP
    500 InternalErrorException "Internal error"; not processed, though a
    client cannot know that: a provider must take a 500 on Create for "maybe
    created"), internal_error_after (processed, e.g. the client created, then
    the 500), concurrent_modification (UpdateUserPoolClient only:
    ConcurrentModificationException; not processed), drop (the connection
    closed without an answer; not processed) and drop_after (processed, then
    dropped); and `latency_ms` before each call in scope.
* Test controls on the same port, under /_backend/, next to everything moto
  serves (e.g. POST /moto-api/reset, which does not clear the call counts):
    GET  /_backend/health     {"status": "ok"}
    GET  /_backend/calls      {"<Operation>": <count>, ...} since start or
                              reset, failed, throttled and faulted calls included
    GET  /_backend/throttled  {"<Operation>": <count>, ...} of those calls, the
                              ones a quota answered TooManyRequestsException
    GET  /_backend/injected   {"<Operation>": <count>, ...} of those calls, the
                              ones that got an injected fault
    POST /_backend/quotas     {"enabled": true, "category_rps": 15,
                              "operation_pool_rps": 5, "mode": "token_bucket"}:
                              every field optional, AWS's quotas by default;
                              mode "sliding_window" for the sliding window;
                              {"enabled": false}: off. Buckets start full,
                              windows empty. Answers the settings.
    POST /_backend/faults     {"rate": 0.1, "kinds": [...], "latency_ms": 0,
                              "operations": [...], "seed": 42}: every field
                              optional; kinds: all by default; operations: all
                              Cognito operations by default (faults and
                              latency alike); seed: none (random). An empty
                              body, or rate 0 and no latency_ms: off. Answers
                              the settings. Unknown fields or values: HTTP 400.
    POST /_backend/reset      wipes all moto state and the counts; quotas and
                              faults off
* A process contract for test harnesses: `serve` prints `READY <port>` once
  the socket listens, and exits cleanly on SIGTERM, SIGINT or EOF on stdin, so
  that it never outlives the process that started it.

Every Cognito request passes through `BackendApp.cognito_hooks`, one function
per concern, which may answer instead of moto: call counting, latency, rate
quotas, faults, the service-model validation of client requests. (The
documented cross-field rules need the pool and the client, so they run in the
patched models.)

Usage:
  cognito_backend.py serve [--port 0] [--host 127.0.0.1]
  cognito_backend.py create-pool --endpoint URL [--region us-east-1] --name NAME
"""

import argparse
import base64
import functools
import hashlib
import hmac
import io
import itertools
import json
import logging
import os
import random
import re
import signal
import socket
import string
import sys
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable

import boto3
from moto.cognitoidp.exceptions import ResourceNotFoundError
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUserPool,
    CognitoIdpUserPoolClient,
)
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow
from moto.iam.models import get_account_id_from
from moto.moto_api._internal import mock_random
from moto.moto_api._internal.models import moto_api_backend
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    create_backend_app,
)
from moto.utilities.utils import get_partition
from werkzeug.exceptions import ClientDisconnected
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Response
from werkzeug.wsgi import LimitedStream, get_input_stream

from client_validation import (
    DEFAULT_TOKEN_VALIDITY_UNITS,
    SERVICE_MODEL,
    aws_error,
    check_client,
    check_client_is_confidential,
    check_not_last_secret,
    check_request,
    check_secret_choice,
    check_secret_limit,
    without_nulls,
)

COGNITO_TARGET_PREFIX = "AWSCognitoIdentityProviderService."

# What AWS stores for a client field that a Create or Update request omits.
CLIENT_DEFAULTS: dict[str, Any] = {
    "RefreshTokenValidity": 30,
    "AuthSessionValidity": 3,
    "EnableTokenRevocation": True,
    "EnablePropagateAdditionalUserContextData": False,
    "AllowedOAuthFlowsUserPoolClient": False,
}
# Request fields that identify the client or only matter at creation; they
# are not part of the client's configuration (so Update cannot set a secret).
NON_CONFIG_FIELDS = ("UserPoolId", "ClientId", "GenerateSecret", "ClientSecret")
# Operations whose requests AWS's service-model validation sees first.
VALIDATED_OPERATIONS = frozenset(
    {
        "CreateUserPoolClient",
        "UpdateUserPoolClient",
        "ListUserPoolClients",
        "AddUserPoolClientSecret",
        "ListUserPoolClientSecrets",
        "DeleteUserPoolClientSecret",
    }
)
# ListUserPoolClients' page size when MaxResults is absent (moto's too; the
# API reference gives only the range, 1 to 60).
DEFAULT_CLIENTS_PAGE_SIZE = 60
# Signs the NextToken of ListUserPoolClients: a token this process did not
# issue, or one altered, is refused as AWS refuses a bad token.
PAGE_TOKEN_KEY = os.urandom(32)
# Creation order of all clients, for the stable order of ListUserPoolClients.
CLIENT_SEQUENCE = itertools.count()
# Held from the check of a secret rule to the change it allows, so that two
# concurrent AddUserPoolClientSecret cannot make three secrets.
SECRETS_LOCK = threading.Lock()
COGNITO_SERVICE_LINKED_ROLE = (
    "arn:{partition}:iam::{account}:role/aws-service-role/"
    "cognito-idp.amazonaws.com/AWSServiceRoleForAmazonCognitoIdp"
)
REORDERED_LISTS = (
    "CallbackURLs",
    "LogoutURLs",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "ExplicitAuthFlows",
    "ReadAttributes",
    "WriteAttributes",
    "SupportedIdentityProviders",
)
LOWER_ALNUM = string.ascii_lowercase + string.digits
ALNUM = string.ascii_letters + string.digits
GENERATED_SECRET_LENGTH = 51  # AWS's generated secrets: 51 [a-z0-9]
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


# --- AWS fidelity patches for moto's Cognito models --------------------------


def random_chars(alphabet: str, length: int) -> str:
    """Random text from moto's generator, so `/moto-api/seed` still applies."""
    return "".join(mock_random.choice(alphabet) for _ in range(length))


def give_aws_pool_id(pool: CognitoIdpUserPool) -> None:
    """Pool id `<region>_<9 alphanumerics>` (moto: region + 32 hex)."""
    pool.id = f"{pool.region}_{random_chars(ALNUM, 9)}"
    pool.arn = f"{pool.arn.rsplit('/', 1)[0]}/{pool.id}"


def give_aws_client_id(client: CognitoIdpUserPoolClient) -> None:
    """Client id of 26 [a-z0-9] (moto: 26 hex)."""
    client.id = random_chars(LOWER_ALNUM, 26)


@dataclass(frozen=True)
class ClientSecret:
    """One active secret of a client; `generated` when Cognito chose the value."""

    id: str
    value: str = field(repr=False)  # never in a repr, so never in a log or traceback
    created_ms: int  # epoch milliseconds
    generated: bool

    @property
    def created(self) -> datetime:
        """ClientSecretCreateDate: the id's milliseconds exactly (no float)."""
        return EPOCH + timedelta(milliseconds=self.created_ms)

    def descriptor(self, with_value: bool = False) -> dict[str, Any]:
        """The ClientSecretDescriptor; the value only if asked for."""
        descriptor = {"ClientSecretId": self.id, "ClientSecretCreateDate": self.created}
        if with_value:
            descriptor["ClientSecretValue"] = self.value
        return descriptor


def start_without_secrets(client: CognitoIdpUserPoolClient) -> None:
    """A new client has no secret until Create gives it its original one."""
    client.secrets = []  # the active ClientSecrets, oldest first
    client.original_secret_id = None


def new_client_secret(client: CognitoIdpUserPoolClient, value: str | None) -> ClientSecret:
    """A secret for `client`: `value`, or one Cognito generates when None.

    Its id is `<client-id>--<epoch-create-time>`, the format the API reference
    gives for ClientSecretId (ClientSecretDescriptorType), which shows no
    example and no unit: milliseconds here, one past the newest secret's if
    the clock has not moved since, so that a client's secret ids differ.
    """
    created_ms = time.time_ns() // 1_000_000
    if client.secrets:
        created_ms = max(created_ms, client.secrets[-1].created_ms + 1)
    return ClientSecret(
        id=f"{client.id}--{created_ms}",
        value=random_chars(LOWER_ALNUM, GENERATED_SECRET_LENGTH) if value is None else value,
        created_ms=created_ms,
        generated=value is None,
    )


def add_secret(client: CognitoIdpUserPoolClient, value: str | None) -> ClientSecret:
    """Give `client` one more active secret (its rules were checked before)."""
    secret = new_client_secret(client, value)
    client.secrets.append(secret)
    use_for_sign_in(client)
    return secret


def use_for_sign_in(client: CognitoIdpUserPoolClient) -> None:
    """moto's sign-in checks SECRET_HASH against one secret: the oldest active."""
    client.generate_secret = bool(client.secrets)
    if client.secrets:
        client.secret = client.secrets[0].value


def described_secret(client: CognitoIdpUserPoolClient) -> str | None:
    """The ClientSecret of the client's description (Create, Describe, Update).

    The API reference says only "The app client secret." (UserPoolClientType)
    and nothing of a client with two secrets. Reported from real Cognito by a
    contributor to the floci emulator (floci-io/floci#345): it stays the
    original secret when another is added, and is gone for good once the
    original is deleted. The backend does that, and shows the value only if
    Cognito generated it, as AddUserPoolClientSecret returns a value only
    for generated secrets (whether Create echoes a custom ClientSecret is
    not documented).
    """
    original = client.secrets[0] if client.secrets else None
    if original is None or original.id != client.original_secret_id:
        return None
    return original.value if original.generated else None


def default_refresh_token_validity(config: dict[str, Any]) -> None:
    """RefreshTokenValidity 0 means the default of 30 days (moto stores 0)."""
    if not config.get("RefreshTokenValidity"):
        config["RefreshTokenValidity"] = CLIENT_DEFAULTS["RefreshTokenValidity"]


def default_refresh_token_rotation(config: dict[str, Any]) -> None:
    """Rotation is DISABLED unless configured; the grace period defaults to 0."""
    rotation = config.get("RefreshTokenRotation", {})
    config["RefreshTokenRotation"] = {
        "Feature": "DISABLED",
        "RetryGracePeriodSeconds": 0,
        **rotation,
    }


def complete_analytics_configuration(config: dict[str, Any], role_arn: str) -> None:
    """UserDataShared defaults to false; ApplicationArn publishes with `role_arn`."""
    if "AnalyticsConfiguration" in config:
        analytics = {"UserDataShared": False, **config["AnalyticsConfiguration"]}
        if "ApplicationArn" in analytics:
            analytics["RoleArn"] = role_arn
        config["AnalyticsConfiguration"] = analytics


def apply_aws_value_rules(config: dict[str, Any], backend: CognitoIdpBackend) -> None:
    """Store what AWS stores where that differs from the (valid) request."""
    default_refresh_token_validity(config)
    default_refresh_token_rotation(config)
    service_linked_role = COGNITO_SERVICE_LINKED_ROLE.format(
        partition=get_partition(backend.region_name), account=backend.account_id
    )
    complete_analytics_configuration(config, service_linked_role)


def configuration_fields(request: dict[str, Any]) -> dict[str, Any]:
    """The fields of a Create or Update request that configure the client."""
    return {k: v for k, v in without_nulls(request).items() if k not in NON_CONFIG_FIELDS}


def replacement_config(old: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    """The configuration an UpdateUserPoolClient request asks AWS to store.

    Every field the request omits is reset to its default (absent for lists,
    token validities, DefaultRedirectURI, ...; TokenValidityUnits are
    hours/hours/days, whereas a client created without units has none, like
    moto's). ClientName, which has no default, is kept when omitted.
    """
    config = dict(CLIENT_DEFAULTS, ClientName=old.get("ClientName"))
    config["TokenValidityUnits"] = dict(DEFAULT_TOKEN_VALIDITY_UNITS)
    config.update(configuration_fields(request))
    return config


def reorder_lists(client_json: dict[str, Any]) -> None:
    """Reverse the request's list order: AWS re-orders lists too."""
    for field in REORDERED_LISTS:
        if field in client_json:
            client_json[field] = list(reversed(client_json[field]))


def find_client(
    backend: CognitoIdpBackend, user_pool_id: str, client_id: str
) -> CognitoIdpUserPoolClient:
    """A pool's client, or AWS's ResourceNotFoundException for pool or client."""
    client = backend.describe_user_pool(user_pool_id).clients.get(client_id)
    if client is None:
        raise ResourceNotFoundError(f"User pool client {client_id} does not exist.")
    return client


def create_user_pool_client(
    backend: CognitoIdpBackend,
    user_pool_id: str,
    generate_secret: bool | None,
    request: dict[str, Any],
) -> CognitoIdpUserPoolClient:
    """moto's create, but checked like AWS checks it and storing what AWS stores.

    The original secret is generated (GenerateSecret) or given (ClientSecret).
    """
    pool = backend.describe_user_pool(user_pool_id)
    given_secret = without_nulls(request).get("ClientSecret")
    check_secret_choice(bool(generate_secret), given_secret)
    has_secret = bool(generate_secret) or given_secret is not None
    config = dict(CLIENT_DEFAULTS, **configuration_fields(request))
    check_client(config, pool, has_secret=has_secret)
    apply_aws_value_rules(config, backend)
    client = CognitoIdpUserPoolClient(user_pool_id, generate_secret, config)
    if has_secret:
        client.original_secret_id = add_secret(client, given_secret).id
    pool.clients[client.id] = client
    return client


def update_user_pool_client(
    backend: CognitoIdpBackend,
    user_pool_id: str,
    client_id: str,
    request: dict[str, Any],
) -> CognitoIdpUserPoolClient:
    """Replace (not merge, as moto does) the client's configuration, if valid."""
    client = find_client(backend, user_pool_id, client_id)
    config = replacement_config(client.extended_config, request)
    check_client(config, backend.user_pools[user_pool_id], has_secret=bool(client.secrets))
    apply_aws_value_rules(config, backend)
    client.extended_config = config
    client.last_modified_date = utcnow()
    return client


def delete_user_pool_client(
    backend: CognitoIdpBackend, user_pool_id: str, client_id: str
) -> None:
    """moto's delete, with AWS's error for a missing client."""
    find_client(backend, user_pool_id, client_id)
    del backend.user_pools[user_pool_id].clients[client_id]


def find_secret(client: CognitoIdpUserPoolClient, secret_id: str) -> ClientSecret:
    """One of the client's active secrets, or ResourceNotFoundException."""
    for secret in client.secrets:
        if secret.id == secret_id:
            return secret
    raise aws_error("secret_missing", secret_id=secret_id)


def add_user_pool_client_secret(
    backend: CognitoIdpBackend, user_pool_id: str, client_id: str, value: str | None
) -> ClientSecret:
    """AddUserPoolClientSecret: a second secret, to rotate without a new client."""
    client = find_client(backend, user_pool_id, client_id)
    with SECRETS_LOCK:
        check_client_is_confidential(len(client.secrets))
        check_secret_limit(len(client.secrets))
        return add_secret(client, value)


def list_user_pool_client_secrets(
    backend: CognitoIdpBackend, user_pool_id: str, client_id: str
) -> list[ClientSecret]:
    """ListUserPoolClientSecrets: the client's active secrets, oldest first."""
    return list(find_client(backend, user_pool_id, client_id).secrets)


def delete_user_pool_client_secret(
    backend: CognitoIdpBackend, user_pool_id: str, client_id: str, secret_id: str
) -> None:
    """DeleteUserPoolClientSecret: any secret but the client's last one."""
    client = find_client(backend, user_pool_id, client_id)
    with SECRETS_LOCK:
        secret = find_secret(client, secret_id)
        check_not_last_secret(len(client.secrets))
        client.secrets.remove(secret)
        use_for_sign_in(client)


def add_user_pool_client_secret_response(self: CognitoIdpResponse) -> ActionResult:
    """AddUserPoolClientSecret's answer: the value only if Cognito generated it."""
    secret = self.backend.add_user_pool_client_secret(
        self._get_param("UserPoolId"), self._get_param("ClientId"), self._get_param("ClientSecret")
    )
    return ActionResult({"ClientSecretDescriptor": secret.descriptor(with_value=secret.generated)})


def list_user_pool_client_secrets_response(self: CognitoIdpResponse) -> ActionResult:
    """ListUserPoolClientSecrets' answer: ids and dates, never a value.

    All in one page and no NextToken, as the API reference says ("there are
    only 2 secrets at any given time"); the NextToken that botocore's older
    model still lets a request carry is checked for its shape, then ignored.
    """
    secrets = self.backend.list_user_pool_client_secrets(
        self._get_param("UserPoolId"), self._get_param("ClientId")
    )
    return ActionResult({"ClientSecrets": [secret.descriptor() for secret in secrets]})


def delete_user_pool_client_secret_response(self: CognitoIdpResponse) -> ActionResult:
    self.backend.delete_user_pool_client_secret(
        self._get_param("UserPoolId"),
        self._get_param("ClientId"),
        self._get_param("ClientSecretId"),
    )
    return EmptyResult()


def stamp_creation(client: CognitoIdpUserPoolClient) -> None:
    """CreationDate and LastModifiedDate, which moto's clients lack."""
    client.creation_date = client.last_modified_date = utcnow()


def number_in_creation_order(client: CognitoIdpUserPoolClient) -> None:
    """A number that grows with each client: where a page of clients ends."""
    client.sequence = next(CLIENT_SEQUENCE)


def page_token(pool_id: str, last_sequence: int) -> str:
    """An opaque NextToken: the pool and the last client of the page, signed."""
    payload = base64.urlsafe_b64encode(json.dumps([pool_id, last_sequence]).encode()).decode()
    return f"{payload}.{page_token_signature(payload)}"


def page_token_signature(payload: str) -> str:
    return hmac.new(PAGE_TOKEN_KEY, payload.encode(), hashlib.sha256).hexdigest()[:32]


def page_token_position(token: str, pool_id: str) -> int:
    """The sequence number a page token ends at; AWS's error unless it is one
    this backend issued for `pool_id` (a token is for the same parameters)."""
    payload, _, signature = token.rpartition(".")
    if hmac.compare_digest(signature.encode(), page_token_signature(payload).encode()):
        token_pool_id, last_sequence = json.loads(base64.urlsafe_b64decode(payload))
        if token_pool_id == pool_id:
            return last_sequence
    raise aws_error("page_token_invalid", token=token, request_id=uuid.uuid4())


def list_user_pool_clients(
    backend: CognitoIdpBackend,
    user_pool_id: str,
    max_results: int | None = None,
    next_token: str | None = None,
) -> tuple[list[CognitoIdpUserPoolClient], str | None]:
    """A page of the pool's clients in creation order, and the next page's token.

    Replaces moto's pagination, which answers a bad token with InvalidToken (no
    Cognito error) and fails once the client after a page is deleted; this one
    resumes after the previous page's last client, whatever changed since.
    (MaxResults 1-60 and the token's shape are checked by the service model.)
    """
    pool = backend.describe_user_pool(user_pool_id)
    after = -1 if next_token is None else page_token_position(next_token, user_pool_id)
    remaining = [c for c in list(pool.clients.values()) if c.sequence > after]
    page = remaining[: DEFAULT_CLIENTS_PAGE_SIZE if max_results is None else max_results]
    if len(page) == len(remaining):
        return page, None
    return page, page_token(user_pool_id, page[-1].sequence)


def extend_init(original_init: Callable, *steps: Callable[[Any], None]) -> Callable:
    """`original_init`, then each of `steps` applied to the new object."""

    @functools.wraps(original_init)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        for step in steps:
            step(self)

    return init


def client_json_aws_style(original: Callable) -> Callable:
    """Full client descriptions get timestamps, re-ordered lists and the
    described secret; list entries (not extended) never carry a secret."""

    @functools.wraps(original)
    def to_json(self: CognitoIdpUserPoolClient, extended: bool = False) -> dict[str, Any]:
        client_json = original(self, extended)
        client_json.pop("ClientSecret", None)
        if extended:
            client_json["CreationDate"] = self.creation_date
            client_json["LastModifiedDate"] = self.last_modified_date
            reorder_lists(client_json)
            secret = described_secret(self)
            if secret is not None:
                client_json["ClientSecret"] = secret
        return client_json

    return to_json


def patch_moto_cognito() -> None:
    """Install the functions above into moto's Cognito classes."""
    CognitoIdpUserPool.__init__ = extend_init(CognitoIdpUserPool.__init__, give_aws_pool_id)
    CognitoIdpUserPoolClient.__init__ = extend_init(
        CognitoIdpUserPoolClient.__init__,
        give_aws_client_id,
        start_without_secrets,
        stamp_creation,
        number_in_creation_order,
    )
    CognitoIdpUserPoolClient.to_json = client_json_aws_style(
        CognitoIdpUserPoolClient.to_json
    )
    CognitoIdpBackend.create_user_pool_client = create_user_pool_client
    CognitoIdpBackend.list_user_pool_clients = list_user_pool_clients
    CognitoIdpBackend.describe_user_pool_client = find_client
    CognitoIdpBackend.update_user_pool_client = update_user_pool_client
    CognitoIdpBackend.delete_user_pool_client = delete_user_pool_client
    # moto 5.2.1 has no client-secret operations: backend and answers are ours.
    CognitoIdpBackend.add_user_pool_client_secret = add_user_pool_client_secret
    CognitoIdpBackend.list_user_pool_client_secrets = list_user_pool_client_secrets
    CognitoIdpBackend.delete_user_pool_client_secret = delete_user_pool_client_secret
    CognitoIdpResponse.add_user_pool_client_secret = add_user_pool_client_secret_response
    CognitoIdpResponse.list_user_pool_client_secrets = list_user_pool_client_secrets_response
    CognitoIdpResponse.delete_user_pool_client_secret = delete_user_pool_client_secret_response


patch_moto_cognito()


# --- WSGI app: test controls, Cognito request hooks, then moto ---------------

WSGIApp = Callable[[dict[str, Any], Callable], Iterable[bytes]]
# A hook sees each Cognito request (operation name, WSGI environ) before moto
# does. Returning a WSGI app (e.g. a Response) answers the request instead of
# moto.
CognitoHook = Callable[[str, dict[str, Any]], WSGIApp | None]
# A hook may put a WSGI app under this environ key: the request is then
# processed as usual, but that app answers it instead.
ANSWER_AFTER_PROCESSING = "cognito_backend.answer_after_processing"


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def service_error(code: str, message: str, status: int = 400) -> JsonRESTError:
    """AWS's JSON error, usable as a WSGI app: {"__type", "message"}, x-amzn-errortype."""
    error = JsonRESTError(code, message)
    error.code = status
    return error


def cognito_operation(environ: dict[str, Any]) -> str | None:
    """`DescribeUserPoolClient` for a Cognito user pools request, else None."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.startswith(COGNITO_TARGET_PREFIX):
        return target[len(COGNITO_TARGET_PREFIX) :]
    return None


def buffer_body(environ: dict[str, Any]) -> None:
    """Read the request's body off the connection into memory, for all to read.

    Hooks read it, then moto. And the whole request is then in, so a dropped
    connection ends cleanly: a socket closed with unread data is reset.
    """
    body = get_input_stream(environ).read()
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def request_json(environ: dict[str, Any]) -> Any:
    """The JSON body of a request that `buffer_body` has read."""
    return json.loads(environ["wsgi.input"].getvalue())


def validate_client_request(operation: str, environ: dict[str, Any]) -> WSGIApp | None:
    """AWS's service-model validation of the VALIDATED_OPERATIONS' requests."""
    if operation not in VALIDATED_OPERATIONS:
        return None
    try:
        request = request_json(environ)
    except ValueError:  # not JSON: moto answers it as it does
        return None
    try:
        check_request(operation, request)
    except JsonRESTError as error:
        return error.get_response()
    return None


def process_and_discard(app: WSGIApp, environ: dict[str, Any]) -> None:
    """Let `app` process the request to the end, throwing its answer away."""
    body = app(environ, lambda status, headers, exc_info=None: None)
    try:
        for _ in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()


class OperationCounter:
    """A number per Cognito operation, since start or reset."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def add(self, operation: str) -> None:
        with self._lock:
            self._counts[operation] += 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


# --- Control settings (JSON bodies of POST /_backend/quotas and /faults) ------


class SettingsError(ValueError):
    """Settings a control request asks for that make no sense (HTTP 400)."""


def settings_json(environ: dict[str, Any], known: list[str]) -> dict[str, Any]:
    """A control request's JSON object (empty body: {}); unknown fields refused.

    Refusing unknown fields makes a typo in a test fail loudly instead of
    silently leaving a setting at its default.
    """
    body = get_input_stream(environ).read()
    try:
        settings = json.loads(body) if body.strip() else {}
    except ValueError as error:
        raise SettingsError(f"the body is not JSON: {error}") from None
    if not isinstance(settings, dict):
        raise SettingsError("the body must be a JSON object")
    unknown = settings.keys() - set(known)
    if unknown:
        raise SettingsError(f"unknown fields {sorted(unknown)}; known: {known}")
    return settings


def setting(
    settings: dict[str, Any], name: str, default: Any, valid: Callable[[Any], bool], meaning: str
) -> Any:
    """`settings[name]`, or `default` when absent; SettingsError unless `valid`."""
    value = settings.get(name, default)
    if not valid(value):
        raise SettingsError(f"{name} must be {meaning}, not {json.dumps(value)}")
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_rate(value: Any) -> bool:
    """At least one request per second: a bucket holds a second's worth."""
    return is_number(value) and value >= 1


# --- Rate quotas --------------------------------------------------------------

# AWS's request-rate quota category of each user pool client operation.
QUOTA_CATEGORIES = {
    "DescribeUserPoolClient": "UserPoolClientRead",
    "ListUserPoolClients": "UserPoolClientRead",
    "CreateUserPoolClient": "UserPoolClientUpdate",
    "UpdateUserPoolClient": "UserPoolClientUpdate",
    "DeleteUserPoolClient": "UserPoolClientUpdate",
    # Not found in the quotas page as stored for us: the category of each
    # one's closest relative (reading a client, changing a client).
    "ListUserPoolClientSecrets": "UserPoolClientRead",
    "AddUserPoolClientSecret": "UserPoolClientUpdate",
    "DeleteUserPoolClientSecret": "UserPoolClientUpdate",
}
AWS_CATEGORY_RPS = 15  # per category, account and region
AWS_OPERATION_POOL_RPS = 5  # per operation and user pool
TOO_MANY_REQUESTS = service_error("TooManyRequestsException", "Too many requests")
UNSIGNED_REQUEST_REGION = "us-east-1"  # moto's region for a request without SigV4
# The access key and region of a SigV4 Authorization header's credential scope.
SIGV4_CREDENTIAL = re.compile(r"Credential=([^/\s,]+)/\d{8}/([^/\s,]+)/")


@dataclass(frozen=True)
class QuotaSettings:
    """What POST /_backend/quotas sets; absent fields mean AWS's quotas, on."""

    enabled: bool = True
    category_rps: float = AWS_CATEGORY_RPS
    operation_pool_rps: float = AWS_OPERATION_POOL_RPS
    mode: str = "token_bucket"  # a key of QUOTA_MODES

    @classmethod
    def from_request(cls, environ: dict[str, Any]) -> "QuotaSettings":
        settings = settings_json(environ, [f.name for f in fields(cls)])
        return cls(
            enabled=setting(settings, "enabled", True, lambda v: isinstance(v, bool), "a boolean"),
            category_rps=setting(
                settings, "category_rps", AWS_CATEGORY_RPS, is_rate, "a number >= 1"
            ),
            operation_pool_rps=setting(
                settings,
                "operation_pool_rps",
                AWS_OPERATION_POOL_RPS,
                is_rate,
                "a number >= 1",
            ),
            mode=setting(
                settings,
                "mode",
                "token_bucket",
                lambda v: isinstance(v, str) and v in QUOTA_MODES,
                f"one of {list(QUOTA_MODES)}",
            ),
        )


QUOTAS_OFF = QuotaSettings(enabled=False)


class TokenBucket:
    """`rate` requests per second, with a burst of one second's worth.

    Starts full and refills continuously, so after a pause a client may send
    `rate` requests at once, then one every 1/`rate` seconds.
    """

    def __init__(self, rate: float, now: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.updated = now

    def admits(self, now: float) -> bool:
        self.tokens = min(self.rate, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return self.tokens >= 1

    def take(self, _now: float) -> None:
        self.tokens -= 1


class SlidingWindow:
    """At most `rate` admitted requests in any one second, by arrival time.

    A request is admitted when fewer than `rate` were admitted in the second
    before it (the one exactly a second earlier no longer counts), so requests
    arriving exactly 1/`rate` seconds apart all pass, and any two arriving
    closer than that, one second apart, do not. Throttled requests do not
    count, as with the token bucket: AWS turned them away.
    """

    def __init__(self, rate: float, _now: float) -> None:
        self.rate = rate
        self.admitted: deque[float] = deque()

    def admits(self, now: float) -> bool:
        while self.admitted and self.admitted[0] <= now - 1.0:
            self.admitted.popleft()
        return len(self.admitted) + 1 <= self.rate

    def take(self, now: float) -> None:
        self.admitted.append(now)


# How POST /_backend/quotas may count: a limiter class for each mode.
QUOTA_MODES = {"token_bucket": TokenBucket, "sliding_window": SlidingWindow}


def account_and_region(environ: dict[str, Any]) -> tuple[str, str]:
    """The account and region whose quota a request draws on, as moto picks them.

    The region of the SigV4 credential scope; the account of the
    x-moto-account-id header, else the one owning the access key (moto's
    default account for any key it did not issue).
    """
    credential = SIGV4_CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
    access_key, region = credential.groups() if credential else ("", UNSIGNED_REQUEST_REGION)
    account = environ.get("HTTP_X_MOTO_ACCOUNT_ID") or get_account_id_from(access_key)
    return account, region


def request_pool_id(environ: dict[str, Any]) -> str | None:
    """The request's UserPoolId (all quota-bound operations have one), if any."""
    try:
        pool_id = request_json(environ).get("UserPoolId")
    except (ValueError, AttributeError):  # not JSON, not an object
        return None
    return pool_id if isinstance(pool_id, str) else None


class RateQuotas:
    """AWS's request-rate quotas on user pool client operations; off until set.

    A call needs room in both its category's limiter (per account and
    region) and its operation's limiter for its pool (token buckets or
    sliding windows, per the settings' mode); a throttled call takes none,
    since AWS turned it away. Off by default: most tests want answers,
    not throttling, and the provider's own retries would make them slow.
    """

    def __init__(self, throttled: OperationCounter) -> None:
        self._lock = threading.Lock()
        self._throttled = throttled
        self._settings = QUOTAS_OFF
        self._limiters: dict[tuple[str | None, ...], TokenBucket | SlidingWindow] = {}

    def configure(self, settings: QuotaSettings) -> None:
        """Apply `settings`, with full buckets or empty windows."""
        with self._lock:
            self._settings = settings
            self._limiters.clear()

    def check(self, operation: str, environ: dict[str, Any]) -> WSGIApp | None:
        """The cognito hook: TooManyRequestsException when over quota."""
        category = QUOTA_CATEGORIES.get(operation)
        if category is None or not self._settings.enabled:
            return None
        account, region = account_and_region(environ)
        pool_id = request_pool_id(environ)
        with self._lock:
            settings, now = self._settings, time.monotonic()
            limiters = [
                self._limiter((account, region, category), settings.category_rps, now),
                self._limiter(
                    (account, region, operation, pool_id), settings.operation_pool_rps, now
                ),
            ]
            if all([limiter.admits(now) for limiter in limiters]):  # update every one
                for limiter in limiters:
                    limiter.take(now)
                return None
        self._throttled.add(operation)
        return TOO_MANY_REQUESTS

    def _limiter(
        self, key: tuple[str | None, ...], rate: float, now: float
    ) -> TokenBucket | SlidingWindow:
        if key not in self._limiters:
            self._limiters[key] = QUOTA_MODES[self._settings.mode](rate, now)
        return self._limiters[key]


# --- Fault injection ----------------------------------------------------------


def drop_connection(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
    """Close the connection without any answer, as a broken network would.

    The client sees the connection end while waiting for its answer (the
    request was read: `buffer_body`). werkzeug's server takes a ConnectionError
    from the app for a client that went away: it writes nothing, and its
    keep-alive loop ends on the shut-down socket.
    """
    environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
    raise ConnectionAbortedError("injected fault: connection dropped")


@dataclass(frozen=True)
class FaultKind:
    """An injected fault: its answer, and whether the request is processed first."""

    answer: WSGIApp
    after_processing: bool = False
    operations: frozenset[str] | None = None  # the only ones it can hit; None: all

    def can_hit(self, operation: str) -> bool:
        return self.operations is None or operation in self.operations


INTERNAL_ERROR = service_error("InternalErrorException", "Internal error", status=500)
FAULT_KINDS = {
    # AWS turned the request away: nothing happened; retrying is safe.
    "throttle": FaultKind(TOO_MANY_REQUESTS),
    # Not processed here, but a client cannot know that from a 500: a provider
    # must treat a 500 on Create as "maybe created" (see internal_error_after).
    "internal_error": FaultKind(INTERNAL_ERROR),
    # Processed (a Create made its client), then answered 500: the case where
    # a blind retry of Create leaves an orphaned client behind.
    "internal_error_after": FaultKind(INTERNAL_ERROR, after_processing=True),
    # Another update of the client is in progress: AWS refuses this one.
    "concurrent_modification": FaultKind(
        service_error(
            "ConcurrentModificationException",
            "Only one request to update user pool client can be processed at a time",
        ),
        operations=frozenset({"UpdateUserPoolClient"}),
    ),
    # The connection breaks before the request is processed: nothing happened.
    "drop": FaultKind(drop_connection),
    # The connection breaks after the request was processed: no answer, but done.
    "drop_after": FaultKind(drop_connection, after_processing=True),
}


@dataclass(frozen=True)
class FaultSettings:
    """What POST /_backend/faults sets; the defaults inject nothing."""

    rate: float = 0.0  # the probability that a call gets a fault
    kinds: tuple[str, ...] = tuple(FAULT_KINDS)  # drawn evenly among those that apply
    latency_ms: float = 0  # before each call in scope, fault or not
    operations: tuple[str, ...] | None = None  # the calls in scope; None: all
    seed: int | None = None  # the same seed, the same faults for the same calls

    @classmethod
    def from_request(cls, environ: dict[str, Any]) -> "FaultSettings":
        settings = settings_json(environ, [f.name for f in fields(cls)])
        operations = setting(
            settings,
            "operations",
            None,
            lambda v: v is None or is_list_of(v, SERVICE_MODEL.operation_names),
            "a list of Cognito user pools operations",
        )
        return cls(
            rate=setting(
                settings, "rate", 0.0, lambda v: is_number(v) and 0 <= v <= 1, "from 0 to 1"
            ),
            kinds=tuple(
                setting(
                    settings,
                    "kinds",
                    list(FAULT_KINDS),
                    lambda v: bool(v) and is_list_of(v, FAULT_KINDS),
                    f"a non-empty list of {list(FAULT_KINDS)}",
                )
            ),
            latency_ms=setting(
                settings, "latency_ms", 0, lambda v: is_number(v) and v >= 0, "a number >= 0"
            ),
            operations=None if operations is None else tuple(operations),
            seed=setting(
                settings, "seed", None, lambda v: v is None or is_integer(v), "an integer"
            ),
        )

    def covers(self, operation: str) -> bool:
        return self.operations is None or operation in self.operations


def is_list_of(value: Any, allowed: Iterable[str]) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str) and item in allowed for item in value
    )


def is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


FAULTS_OFF = FaultSettings()


class FaultInjector:
    """Latency and faults on Cognito calls, at random; none until set.

    The random draws come from their own generator, seeded on demand, so a
    test can replay the same faults (moto's ids stay on moto's generator).
    """

    def __init__(self, injected: OperationCounter) -> None:
        self._lock = threading.Lock()
        self._injected = injected
        self.configure(FAULTS_OFF)

    def configure(self, settings: FaultSettings) -> None:
        with self._lock:
            self._settings = settings
            self._random = random.Random(settings.seed)

    def delay(self, operation: str, _environ: dict[str, Any]) -> None:
        """The cognito hook for latency: sleep, then let the call go on."""
        settings = self._settings
        if settings.latency_ms and settings.covers(operation):
            time.sleep(settings.latency_ms / 1000)

    def inject(self, operation: str, environ: dict[str, Any]) -> WSGIApp | None:
        """The cognito hook for faults: a fault's answer, now or after processing."""
        kind = self._draw(operation)
        if kind is None:
            return None
        self._injected.add(operation)
        fault = FAULT_KINDS[kind]
        if fault.after_processing:
            environ[ANSWER_AFTER_PROCESSING] = fault.answer
            return None
        return fault.answer

    def _draw(self, operation: str) -> str | None:
        """The kind of fault for this call, if any.

        One draw per call in scope whatever its kind, so that with a seed the
        n-th call gets the same fault every time.
        """
        with self._lock:
            settings = self._settings
            if not settings.rate or not settings.covers(operation):
                return None
            kinds = [kind for kind in settings.kinds if FAULT_KINDS[kind].can_hit(operation)]
            if self._random.random() >= settings.rate or not kinds:
                return None
            return self._random.choice(kinds)


# --- The app ------------------------------------------------------------------


class BackendApp:
    """moto's server app behind `/_backend/` controls and Cognito hooks."""

    def __init__(self) -> None:
        self.moto_app = DomainDispatcherApplication(create_backend_app)
        self.calls = OperationCounter()
        self.throttled = OperationCounter()
        self.injected = OperationCounter()
        self.quotas = RateQuotas(self.throttled)
        self.faults = FaultInjector(self.injected)
        # In order: every call that reaches the API counts; then the latency
        # (the network's, before anything happens); AWS's quotas turn calls
        # away at the door; faults hit behind it; validation, then moto.
        self.cognito_hooks: list[CognitoHook] = [
            self.count_call,
            self.faults.delay,
            self.quotas.check,
            self.faults.inject,
            validate_client_request,
        ]
        self.controls: dict[tuple[str, str], Callable[[dict[str, Any]], Response]] = {
            ("GET", "/_backend/health"): self.health,
            ("GET", "/_backend/calls"): self.counts(self.calls),
            ("GET", "/_backend/throttled"): self.counts(self.throttled),
            ("GET", "/_backend/injected"): self.counts(self.injected),
            ("POST", "/_backend/quotas"): self.set_quotas,
            ("POST", "/_backend/faults"): self.set_faults,
            ("POST", "/_backend/reset"): self.reset,
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        answer = self.answer_locally(environ)
        if answer is None:
            answer = self.moto_app
        answer_after = environ.get(ANSWER_AFTER_PROCESSING)
        if answer_after is None:
            return answer(environ, start_response)
        process_and_discard(answer, environ)
        return answer_after(environ, start_response)

    def answer_locally(self, environ: dict[str, Any]) -> WSGIApp | None:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_backend/"):
            control = self.controls.get((environ["REQUEST_METHOD"], path))
            if control is None:
                return json_response({"message": f"no control endpoint {path}"}, 404)
            try:
                return control(environ)
            except SettingsError as error:
                return json_response({"message": str(error)}, 400)
        operation = cognito_operation(environ)
        if operation is None:
            return None
        buffer_body(environ)
        for hook in self.cognito_hooks:
            answer = hook(operation, environ)
            if answer is not None:
                return answer
        return None

    def count_call(self, operation: str, _environ: dict[str, Any]) -> None:
        self.calls.add(operation)

    def health(self, _environ: dict[str, Any]) -> Response:
        return json_response({"status": "ok"})

    @staticmethod
    def counts(counter: OperationCounter) -> Callable[[dict[str, Any]], Response]:
        return lambda _environ: json_response(counter.snapshot())

    def set_quotas(self, environ: dict[str, Any]) -> Response:
        settings = QuotaSettings.from_request(environ)
        self.quotas.configure(settings)
        return json_response(asdict(settings))

    def set_faults(self, environ: dict[str, Any]) -> Response:
        settings = FaultSettings.from_request(environ)
        self.faults.configure(settings)
        return json_response(asdict(settings))

    def reset(self, _environ: dict[str, Any]) -> Response:
        moto_api_backend.reset()
        for counter in (self.calls, self.throttled, self.injected):
            counter.clear()
        self.quotas.configure(QUOTAS_OFF)
        self.faults.configure(FAULTS_OFF)
        return json_response({"status": "reset"})


# --- Commands ----------------------------------------------------------------


def stop_at_stdin_eof(stop: threading.Event) -> None:
    """Set `stop` when stdin closes, i.e. when the parent process is gone.

    Reads file descriptor 0 directly: a daemon thread blocked inside
    sys.stdin.buffer would abort the interpreter's shutdown.
    """
    try:
        while os.read(0, 65536):
            pass
    except OSError:  # no usable stdin: treat like EOF
        pass
    stop.set()


class KeepAliveHandler(WSGIRequestHandler):
    """werkzeug's request handler, keeping HTTP/1.1 connections open as AWS does.

    werkzeug closes every connection, because after each request it drains the
    socket, which on an open connection would swallow the next request. Here the
    app and that drain read a stream that ends with the request's body, and what
    the app left unread of the body is discarded, so that the next request starts
    where the last one ended. A client then pays one TCP connect per connection,
    not one per call. A chunked body has no length to stop at: that connection
    is closed as werkzeug does.
    """

    # An idle connection's thread ends after this long, as AWS's endpoints close
    # idle connections.
    timeout = 60
    # werkzeug writes an answer's headers and body apart: on an open connection,
    # Nagle's algorithm would hold the body until the client's delayed ACK.
    disable_nagle_algorithm = True
    # Whether the request being answered leaves its connection open.
    keep_alive = False

    def run_wsgi(self) -> None:
        length = self.headers.get("Content-Length", "0")
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        self.keep_alive = length.isdigit() and not chunked and not self.close_connection
        if not self.keep_alive:
            super().run_wsgi()
            return
        connection = self.rfile
        body = LimitedStream(connection, int(length))
        self.rfile = body
        try:
            super().run_wsgi()
        finally:
            self.rfile = connection
        if not self.close_connection:
            try:
                body.exhaust()
            except ClientDisconnected:
                self.close_connection = True

    def send_header(self, keyword: str, value: str) -> None:
        closing = keyword.lower() == "connection" and value.lower() == "close"
        if closing and self.keep_alive:
            return
        super().send_header(keyword, value)


def serve(host: str, port: int) -> None:
    ready_out = sys.stdout
    sys.stdout = sys.stderr  # moto print()s diagnostics; stdout is for READY only
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log lines

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(target=stop_at_stdin_eof, args=(stop,), daemon=True).start()

    server = make_server(
        host, port, BackendApp(), threaded=True, request_handler=KeepAliveHandler
    )  # listens now
    serve_loop = functools.partial(server.serve_forever, poll_interval=0.1)
    threading.Thread(target=serve_loop, daemon=True).start()
    print(f"READY {server.port}", file=ready_out, flush=True)

    stop.wait()
    server.shutdown()
    server.server_close()


def create_pool(endpoint: str, region: str, name: str) -> None:
    cognito = boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    print(cognito.create_user_pool(PoolName=name)["UserPool"]["Id"])


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)

    serve_cmd = commands.add_parser("serve", help="run the backend until stdin closes")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=0, help="0: any free port")

    pool_cmd = commands.add_parser("create-pool", help="create a user pool, print its id")
    pool_cmd.add_argument("--endpoint", required=True, help="e.g. http://127.0.0.1:PORT")
    pool_cmd.add_argument("--region", default="us-east-1")
    pool_cmd.add_argument("--name", required=True)
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    if args.command == "serve":
        serve(args.host, args.port)
    else:
        create_pool(args.endpoint, args.region, args.name)


if __name__ == "__main__":
    main(sys.argv[1:])
