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
  - pool ids, client ids and secrets have AWS's shapes.
* Test controls on the same port, under /_backend/, next to everything moto
  serves (e.g. POST /moto-api/reset, which does not clear the call counts):
    GET  /_backend/health  {"status": "ok"}
    GET  /_backend/calls   {"<Operation>": <count>, ...} since start or reset,
                           failed calls included
    POST /_backend/reset   wipes all moto state and the call counts
* A process contract for test harnesses: `serve` prints `READY <port>` once
  the socket listens, and exits cleanly on SIGTERM, SIGINT or EOF on stdin, so
  that it never outlives the process that started it.

Every Cognito request passes through `BackendApp.cognito_hooks`, one function
per concern, which may answer instead of moto. Call counting is one, the
service-model validation of client requests another; rate quotas and fault
injection belong there too. (The documented cross-field rules need the pool
and the client, so they run in the patched models.)

Usage:
  cognito_backend.py serve [--port 0] [--host 127.0.0.1]
  cognito_backend.py create-pool --endpoint URL [--region us-east-1] --name NAME
"""

import argparse
import functools
import io
import json
import logging
import os
import signal
import string
import sys
import threading
from collections import Counter
from typing import Any, Callable

import boto3
from moto.cognitoidp.exceptions import ResourceNotFoundError
from moto.cognitoidp.models import (
    CognitoIdpBackend,
    CognitoIdpUserPool,
    CognitoIdpUserPoolClient,
)
from moto.core.exceptions import JsonRESTError
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random
from moto.moto_api._internal.models import moto_api_backend
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    create_backend_app,
)
from moto.utilities.utils import get_partition
from werkzeug.serving import make_server
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_input_stream

from client_validation import (
    DEFAULT_TOKEN_VALIDITY_UNITS,
    check_client,
    check_request,
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
# are not part of the client's configuration.
NON_CONFIG_FIELDS = ("UserPoolId", "ClientId", "GenerateSecret")
# Operations whose requests AWS's service-model validation sees first.
VALIDATED_OPERATIONS = frozenset({"CreateUserPoolClient", "UpdateUserPoolClient"})
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


# --- AWS fidelity patches for moto's Cognito models --------------------------


def random_chars(alphabet: str, length: int) -> str:
    """Random text from moto's generator, so `/moto-api/seed` still applies."""
    return "".join(mock_random.choice(alphabet) for _ in range(length))


def give_aws_pool_id(pool: CognitoIdpUserPool) -> None:
    """Pool id `<region>_<9 alphanumerics>` (moto: region + 32 hex)."""
    pool.id = f"{pool.region}_{random_chars(ALNUM, 9)}"
    pool.arn = f"{pool.arn.rsplit('/', 1)[0]}/{pool.id}"


def give_aws_client_credentials(client: CognitoIdpUserPoolClient) -> None:
    """Client id of 26 [a-z0-9]; secret of 51 [a-z0-9] (moto: hex, a UUID)."""
    client.id = random_chars(LOWER_ALNUM, 26)
    client.secret = random_chars(LOWER_ALNUM, 51)


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


def replacement_config(old: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    """The configuration an UpdateUserPoolClient request asks AWS to store.

    Every field the request omits is reset to its default (absent for lists,
    token validities, DefaultRedirectURI, ...; TokenValidityUnits are
    hours/hours/days, whereas a client created without units has none, like
    moto's). ClientName, which has no default, is kept when omitted.
    """
    config = dict(CLIENT_DEFAULTS, ClientName=old.get("ClientName"))
    config["TokenValidityUnits"] = dict(DEFAULT_TOKEN_VALIDITY_UNITS)
    config.update((k, v) for k, v in without_nulls(request).items() if k not in NON_CONFIG_FIELDS)
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
    """moto's create, but checked like AWS checks it and storing what AWS stores."""
    pool = backend.describe_user_pool(user_pool_id)
    config = dict(CLIENT_DEFAULTS, **without_nulls(request))
    check_client(config, pool, has_secret=bool(generate_secret))
    apply_aws_value_rules(config, backend)
    client = CognitoIdpUserPoolClient(user_pool_id, generate_secret, config)
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
    check_client(config, backend.user_pools[user_pool_id], has_secret=client.generate_secret)
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


def stamp_creation(client: CognitoIdpUserPoolClient) -> None:
    """CreationDate and LastModifiedDate, which moto's clients lack."""
    client.creation_date = client.last_modified_date = utcnow()


def extend_init(original_init: Callable, *steps: Callable[[Any], None]) -> Callable:
    """`original_init`, then each of `steps` applied to the new object."""

    @functools.wraps(original_init)
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        for step in steps:
            step(self)

    return init


def client_json_aws_style(original: Callable) -> Callable:
    """Full client descriptions get timestamps and re-ordered lists."""

    @functools.wraps(original)
    def to_json(self: CognitoIdpUserPoolClient, extended: bool = False) -> dict[str, Any]:
        client_json = original(self, extended)
        if extended:
            client_json["CreationDate"] = self.creation_date
            client_json["LastModifiedDate"] = self.last_modified_date
            reorder_lists(client_json)
        return client_json

    return to_json


def patch_moto_cognito() -> None:
    """Install the functions above into moto's Cognito classes."""
    CognitoIdpUserPool.__init__ = extend_init(CognitoIdpUserPool.__init__, give_aws_pool_id)
    CognitoIdpUserPoolClient.__init__ = extend_init(
        CognitoIdpUserPoolClient.__init__,
        give_aws_client_credentials,
        stamp_creation,
    )
    CognitoIdpUserPoolClient.to_json = client_json_aws_style(
        CognitoIdpUserPoolClient.to_json
    )
    CognitoIdpBackend.create_user_pool_client = create_user_pool_client
    CognitoIdpBackend.describe_user_pool_client = find_client
    CognitoIdpBackend.update_user_pool_client = update_user_pool_client
    CognitoIdpBackend.delete_user_pool_client = delete_user_pool_client


patch_moto_cognito()


# --- WSGI app: test controls, Cognito request hooks, then moto ---------------

# A hook sees each Cognito request (operation name, WSGI environ) before moto
# does. Returning a Response answers the request instead of moto.
CognitoHook = Callable[[str, dict[str, Any]], Response | None]


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def cognito_operation(environ: dict[str, Any]) -> str | None:
    """`DescribeUserPoolClient` for a Cognito user pools request, else None."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.startswith(COGNITO_TARGET_PREFIX):
        return target[len(COGNITO_TARGET_PREFIX) :]
    return None


def request_json(environ: dict[str, Any]) -> Any:
    """The request's JSON body, left in place for moto to read again."""
    body = get_input_stream(environ).read()
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return json.loads(body)


def validate_client_request(operation: str, environ: dict[str, Any]) -> Response | None:
    """AWS's service-model validation of Create/UpdateUserPoolClient requests."""
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


class CallCounter:
    """Number of calls per Cognito operation since start or reset."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def record(self, operation: str, _environ: dict[str, Any]) -> None:
        with self._lock:
            self._counts[operation] += 1

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


class BackendApp:
    """moto's server app behind `/_backend/` controls and Cognito hooks."""

    def __init__(self) -> None:
        self.moto_app = DomainDispatcherApplication(create_backend_app)
        self.calls = CallCounter()
        self.cognito_hooks: list[CognitoHook] = [self.calls.record, validate_client_request]
        self.controls: dict[tuple[str, str], Callable[[], Response]] = {
            ("GET", "/_backend/health"): self.health,
            ("GET", "/_backend/calls"): self.call_counts,
            ("POST", "/_backend/reset"): self.reset,
        }

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        response = self.answer_locally(environ)
        if response is None:
            return self.moto_app(environ, start_response)
        return response(environ, start_response)

    def answer_locally(self, environ: dict[str, Any]) -> Response | None:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_backend/"):
            control = self.controls.get((environ["REQUEST_METHOD"], path))
            if control is None:
                return json_response({"message": f"no control endpoint {path}"}, 404)
            return control()
        operation = cognito_operation(environ)
        if operation is None:
            return None
        for hook in self.cognito_hooks:
            response = hook(operation, environ)
            if response is not None:
                return response
        return None

    def health(self) -> Response:
        return json_response({"status": "ok"})

    def call_counts(self) -> Response:
        return json_response(self.calls.snapshot())

    def reset(self) -> Response:
        moto_api_backend.reset()
        self.calls.clear()
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


def serve(host: str, port: int) -> None:
    ready_out = sys.stdout
    sys.stdout = sys.stderr  # moto print()s diagnostics; stdout is for READY only
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log lines

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(target=stop_at_stdin_eof, args=(stop,), daemon=True).start()

    server = make_server(host, port, BackendApp(), threaded=True)  # listens now
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
