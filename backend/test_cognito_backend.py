"""Tests of the local Cognito backend (cognito_backend.py).

A test backend that silently stopped behaving like AWS would turn the
provider's tests green for the wrong reason, so its AWS behaviours, controls
and process contract are tested here against a real launcher subprocess.

Run: python3 -m unittest discover -s backend -v
"""

import contextlib
import http.client
import json
import os
import random
import re
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError

LAUNCHER = Path(__file__).with_name("cognito_backend.py")
READY_TIMEOUT_S = 30
EXIT_TIMEOUT_S = 5
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account


class Backend:
    """A launcher subprocess (`serve --port 0`), ready once constructed."""

    def __init__(self) -> None:
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, str(LAUNCHER), "serve", "--port", "0"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
        )
        try:
            self.port = self._wait_for_ready()
        except BaseException:
            self._kill()
            raise
        self.url = f"http://127.0.0.1:{self.port}"

    def _wait_for_ready(self) -> int:
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout=READY_TIMEOUT_S):
                raise AssertionError(f"no READY line in {READY_TIMEOUT_S}s")
        line = self.process.stdout.readline().decode()
        match = re.fullmatch(r"READY (\d+)\n", line)
        if match is None:
            raise AssertionError(f"expected 'READY <port>', got {line!r}: {self.errors()}")
        return int(match.group(1))

    def errors(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def cognito(self, region: str = REGION, **config):
        return boto3.client(
            "cognito-idp",
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(**config),
        )

    def control(self, method: str, path: str, body: object = None) -> tuple[int, object]:
        """Status and JSON body of a plain HTTP request (e.g. /_backend/...)."""
        data = None if body is None else json.dumps(body).encode()
        return self._fetch(urllib.request.Request(self.url + path, data, method=method))[::2]

    def raw_cognito_call(self, operation: str, params: dict) -> tuple[int, dict, object]:
        """Status, headers and JSON body of an unsigned Cognito API call."""
        return self._fetch(
            urllib.request.Request(
                self.url + "/",
                data=json.dumps(params).encode(),
                headers={
                    "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
                    "Content-Type": "application/x-amz-json-1.1",
                },
            )
        )

    @staticmethod
    def _fetch(request: urllib.request.Request) -> tuple[int, dict, object]:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers), json.loads(error.read())

    def stop(self) -> None:
        """Close stdin, as a dying parent would; the launcher must exit with 0."""
        self.process.stdin.close()
        try:
            returncode = self.process.wait(timeout=EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._kill()
            raise AssertionError(f"launcher ignored EOF on stdin for {EXIT_TIMEOUT_S}s")
        errors = self.errors()
        self._close_pipes()
        if returncode != 0:
            raise AssertionError(f"launcher exited with {returncode}: {errors}")

    def _kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout, self.stderr):
            pipe.close()


def child_pids(pid: int) -> list[int]:
    """Pids of the processes whose parent is `pid` (Linux /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (OSError, ValueError):
            continue
        # Fields after the parenthesised command: state, ppid, ...
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            children.append(int(entry.name))
    return children


class BackendTestCase(unittest.TestCase):
    """One launcher per class; every test starts from a reset backend."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.backend = Backend()
        cls.addClassCleanup(cls.backend.stop)
        cls.cognito = cls.backend.cognito()
        cls.addClassCleanup(cls.cognito.close)
        # Sends what botocore would refuse (too short, too small), as AWS must.
        cls.unchecked = cls.backend.cognito(parameter_validation=False)
        cls.addClassCleanup(cls.unchecked.close)

    def setUp(self) -> None:
        self.assertEqual(self.backend.control("POST", "/_backend/reset")[0], 200)

    def new_pool(self) -> str:
        return self.cognito.create_user_pool(PoolName="pool")["UserPool"]["Id"]

    def new_identity_provider(self, pool: str, name: str, provider_type: str = "OIDC") -> None:
        self.cognito.create_identity_provider(
            UserPoolId=pool,
            ProviderName=name,
            ProviderType=provider_type,
            ProviderDetails={"client_id": "id", "authorize_scopes": "openid"},
        )

    def new_client(self, pool: str, **request) -> dict:
        return self.cognito.create_user_pool_client(
            UserPoolId=pool, **{"ClientName": "web", **request}
        )["UserPoolClient"]

    def update_client(self, pool: str, client_id: str, **request) -> dict:
        return self.cognito.update_user_pool_client(
            UserPoolId=pool, ClientId=client_id, **request
        )["UserPoolClient"]

    def describe_client(self, pool: str, client_id: str) -> dict:
        return self.cognito.describe_user_pool_client(UserPoolId=pool, ClientId=client_id)[
            "UserPoolClient"
        ]

    def assert_cognito_error(
        self, call, code: str, message: str, http_status: int = 400, **kwargs
    ) -> None:
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        response = raised.exception.response
        self.assertEqual(response["Error"]["Code"], code)
        self.assertEqual(response["Error"]["Message"], message)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], http_status)
        self.assertEqual(response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"], code)


class ControlEndpointTests(BackendTestCase):
    def test_health(self):
        self.assertEqual(self.backend.control("GET", "/_backend/health"), (200, {"status": "ok"}))

    def test_ready_port_is_listening(self):
        with socket.create_connection(("127.0.0.1", self.backend.port), timeout=5):
            pass

    def test_unknown_control_endpoint_is_404(self):
        self.assertEqual(self.backend.control("GET", "/_backend/nope")[0], 404)

    def test_counts_calls_per_operation_including_failed_ones(self):
        pool = self.new_pool()
        self.describe_client(pool, self.new_client(pool)["ClientId"])
        with self.assertRaises(ClientError):
            self.cognito.describe_user_pool_client(UserPoolId=pool, ClientId="missing")

        self.assertEqual(
            self.backend.control("GET", "/_backend/calls"),
            (200, {"CreateUserPool": 1, "CreateUserPoolClient": 1, "DescribeUserPoolClient": 2}),
        )

    def test_reset_wipes_state_and_call_counts(self):
        pool = self.new_pool()

        self.assertEqual(self.backend.control("POST", "/_backend/reset")[0], 200)

        self.assertEqual(self.backend.control("GET", "/_backend/calls"), (200, {}))
        self.assert_cognito_error(
            self.cognito.describe_user_pool,
            "ResourceNotFoundException",
            f"User pool {pool} does not exist.",
            UserPoolId=pool,
        )

    def test_moto_api_reset_is_served(self):
        self.new_pool()
        self.assertEqual(self.backend.control("POST", "/moto-api/reset")[0], 200)
        self.assertEqual(self.cognito.list_user_pools(MaxResults=10)["UserPools"], [])


class UserPoolClientTests(BackendTestCase):
    def test_update_resets_omitted_fields_to_aws_defaults(self):
        pool = self.new_pool()
        configured = {
            "RefreshTokenValidity": 10,
            "AccessTokenValidity": 90,
            "TokenValidityUnits": {
                "AccessToken": "minutes",
                "IdToken": "hours",
                "RefreshToken": "hours",
            },
            "CallbackURLs": ["https://a.example.com/cb"],
            "DefaultRedirectURI": "https://a.example.com/cb",
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid"],
            "AllowedOAuthFlowsUserPoolClient": True,
            "EnableTokenRevocation": False,
            "AuthSessionValidity": 10,
        }
        created = self.new_client(pool, GenerateSecret=True, **configured)
        self.assertEqual({k: created[k] for k in configured}, configured)

        updated = self.update_client(pool, created["ClientId"], ClientName="renamed")

        described = self.describe_client(pool, created["ClientId"])
        for client in (updated, described):
            without_dates = {
                k: v for k, v in client.items() if k not in ("CreationDate", "LastModifiedDate")
            }
            self.assertEqual(
                without_dates,
                {
                    "UserPoolId": pool,
                    "ClientId": created["ClientId"],
                    "ClientSecret": created["ClientSecret"],
                    "ClientName": "renamed",
                    "RefreshTokenValidity": 30,
                    "TokenValidityUnits": {
                        "AccessToken": "hours",
                        "IdToken": "hours",
                        "RefreshToken": "days",
                    },
                    "AuthSessionValidity": 3,
                    "EnableTokenRevocation": True,
                    "EnablePropagateAdditionalUserContextData": False,
                    "AllowedOAuthFlowsUserPoolClient": False,
                    "RefreshTokenRotation": {"Feature": "DISABLED", "RetryGracePeriodSeconds": 0},
                },
            )
            self.assertEqual(client["CreationDate"], created["CreationDate"])

    def test_update_keeps_name_when_omitted(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]

        updated = self.update_client(pool, client_id, RefreshTokenValidity=7)

        self.assertEqual((updated["ClientName"], updated["RefreshTokenValidity"]), ("web", 7))

    def test_refresh_token_validity_zero_means_30(self):
        pool = self.new_pool()
        created = self.new_client(pool, RefreshTokenValidity=0)
        updated = self.update_client(pool, created["ClientId"], RefreshTokenValidity=0)
        self.assertEqual(created["RefreshTokenValidity"], 30)
        self.assertEqual(updated["RefreshTokenValidity"], 30)

    def test_lists_come_back_in_another_order(self):
        pool = self.new_pool()
        self.new_identity_provider(pool, "Google", "Google")
        sent = {
            "CallbackURLs": ["https://a.example", "https://b.example", "https://c.example"],
            "LogoutURLs": ["https://a.example.com/out", "https://b.example.com/out"],
            "AllowedOAuthFlows": ["code", "implicit"],
            "AllowedOAuthScopes": ["email", "openid", "profile"],
            "ExplicitAuthFlows": ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            "ReadAttributes": ["email", "name"],
            "WriteAttributes": ["email", "name"],
            "SupportedIdentityProviders": ["COGNITO", "Google"],
        }
        created = self.new_client(pool, AllowedOAuthFlowsUserPoolClient=True, **sent)
        updated = self.update_client(
            pool, created["ClientId"], AllowedOAuthFlowsUserPoolClient=True, **sent
        )
        described = self.describe_client(pool, created["ClientId"])

        for client in (created, updated, described):
            for field, values in sent.items():
                with self.subTest(field=field):
                    self.assertNotEqual(client[field], values)
                    self.assertEqual(sorted(client[field]), sorted(values))

    def test_clients_carry_timestamps_and_update_moves_last_modified(self):
        pool = self.new_pool()
        created = self.new_client(pool)
        updated = self.update_client(pool, created["ClientId"], ClientName="web")

        self.assertIsInstance(created["CreationDate"], datetime)
        self.assertGreaterEqual(created["LastModifiedDate"], created["CreationDate"])
        self.assertEqual(updated["CreationDate"], created["CreationDate"])
        self.assertGreater(updated["LastModifiedDate"], created["LastModifiedDate"])

    def test_timestamps_are_epoch_seconds_on_the_wire(self):
        pool = self.new_pool()
        status, _, body = self.backend.raw_cognito_call(
            "CreateUserPoolClient", {"UserPoolId": pool, "ClientName": "web"}
        )
        self.assertEqual(status, 200)
        client = body["UserPoolClient"]
        for field in ("CreationDate", "LastModifiedDate"):
            self.assertIsInstance(client[field], (int, float))
            self.assertAlmostEqual(client[field], time.time(), delta=60)

    def test_missing_client_is_reported_like_aws(self):
        pool = self.new_pool()
        for call in (
            self.cognito.describe_user_pool_client,
            self.cognito.update_user_pool_client,
            self.cognito.delete_user_pool_client,
        ):
            with self.subTest(call=call.__name__):
                self.assert_cognito_error(
                    call,
                    "ResourceNotFoundException",
                    "User pool client missingclient does not exist.",
                    UserPoolId=pool,
                    ClientId="missingclient",
                )

    def test_missing_pool_is_reported_like_aws(self):
        self.assert_cognito_error(
            self.cognito.describe_user_pool_client,
            "ResourceNotFoundException",
            "User pool us-east-1_missing00 does not exist.",
            UserPoolId="us-east-1_missing00",
            ClientId="anyclient",
        )

    def test_error_body_is_aws_json(self):
        status, headers, body = self.backend.raw_cognito_call(
            "DescribeUserPoolClient", {"UserPoolId": "us-east-1_missing00", "ClientId": "x"}
        )
        self.assertEqual(status, 400)
        self.assertEqual(headers["X-Amzn-ErrorType"], "ResourceNotFoundException")
        self.assertEqual(
            body,
            {
                "__type": "ResourceNotFoundException",
                "message": "User pool us-east-1_missing00 does not exist.",
            },
        )

    def test_ids_have_aws_shapes(self):
        pool = self.new_pool()
        client = self.new_client(pool, GenerateSecret=True)

        self.assertRegex(pool, r"^us-east-1_[A-Za-z0-9]{9}$")
        self.assertRegex(client["ClientId"], r"^[a-z0-9]{26}$")
        self.assertRegex(client["ClientSecret"], r"^[a-z0-9]{51}$")
        self.assertRegex(client["ClientSecret"], r"^[\w+]{24,64}$")


class ListUserPoolClientsTests(BackendTestCase):
    """Pagination as AWS does it: pages of 1 to 60, an opaque token, a stable order."""

    def new_clients(self, pool: str, count: int) -> list[str]:
        return [self.new_client(pool, ClientName=f"c{i}")["ClientId"] for i in range(count)]

    def pages(self, pool: str, next_token: str | None = None, **request) -> list[dict]:
        """Every page of the pool's clients from `next_token` on, to the end."""
        pages = []
        while next_token is not None or not pages:
            token = {} if next_token is None else {"NextToken": next_token}
            pages.append(self.cognito.list_user_pool_clients(UserPoolId=pool, **token, **request))
            next_token = pages[-1].get("NextToken")
        return pages

    @staticmethod
    def ids(pages: list[dict]) -> list[str]:
        return [client["ClientId"] for page in pages for client in page["UserPoolClients"]]

    def assert_list_refused(self, message: str, **request) -> None:
        self.assert_cognito_error(
            self.unchecked.list_user_pool_clients,
            "InvalidParameterException",
            message,
            **request,
        )

    def test_more_than_60_clients_come_in_pages_of_60_each_once_in_a_stable_order(self):
        pool = self.new_pool()
        created = self.new_clients(pool, 125)

        pages = self.pages(pool)

        self.assertEqual([len(page["UserPoolClients"]) for page in pages], [60, 60, 5])
        self.assertEqual(self.ids(pages), created)  # each once, in creation order
        self.assertEqual(self.ids(self.pages(pool)), created)

    def test_max_results_sets_the_page_size(self):
        pool = self.new_pool()
        created = self.new_clients(pool, 15)

        pages = self.pages(pool, MaxResults=7)

        self.assertEqual([len(page["UserPoolClients"]) for page in pages], [7, 7, 1])
        self.assertEqual(self.ids(pages), created)
        self.assertEqual(self.ids(self.pages(pool, MaxResults=15)), created)
        self.assertEqual(len(self.pages(pool, MaxResults=15)), 1)  # no token after the last

    def test_max_results_outside_1_to_60_is_refused(self):
        pool = self.new_pool()
        for value, constraint in (
            (0, "Member must have value greater than or equal to 1"),
            (61, "Member must have value less than or equal to 60"),
        ):
            with self.subTest(value=value):
                self.assert_list_refused(
                    "1 validation error detected: "
                    + failed(f"'{value}'", "maxResults", constraint),
                    UserPoolId=pool,
                    MaxResults=value,
                )

    def test_bad_tokens_are_refused(self):
        pools = [self.new_pool(), self.new_pool()]
        for pool in pools:
            self.new_clients(pool, 3)
        token = self.cognito.list_user_pool_clients(UserPoolId=pools[0], MaxResults=1)[
            "NextToken"
        ]
        altered = token[:-1] + ("0" if token[-1] != "0" else "1")
        for pool, bad in ((pools[0], "garbage"), (pools[0], altered), (pools[1], token)):
            with self.subTest(token=bad, pool=pool):
                with self.assertRaises(ClientError) as raised:
                    self.cognito.list_user_pool_clients(UserPoolId=pool, NextToken=bad)
                error = raised.exception.response["Error"]
                self.assertEqual(error["Code"], "InvalidParameterException")
                self.assertRegex(
                    error["Message"],
                    rf"^Paging marker {re.escape(bad)} is invalid for request [0-9a-f-]{{36}}$",
                )
        too_short = "Member must have length greater than or equal to 1"
        pattern = r"Member must satisfy regular expression pattern: [\S]+"
        self.assert_list_refused(
            f"2 validation errors detected: {failed(repr(''), 'nextToken', too_short)};"
            f" {failed(repr(''), 'nextToken', pattern)}",
            UserPoolId=pools[0],
            NextToken="",
        )

    def test_the_token_is_opaque(self):
        pool = self.new_pool()
        created = self.new_clients(pool, 3)

        token = self.cognito.list_user_pool_clients(UserPoolId=pool, MaxResults=1)["NextToken"]

        self.assertRegex(token, r"^\S+$")
        for client_id in created:
            self.assertNotIn(client_id, token)

    def test_a_page_resumes_after_the_last_client_even_if_neighbours_are_deleted(self):
        pool = self.new_pool()
        created = self.new_clients(pool, 6)
        first = self.cognito.list_user_pool_clients(UserPoolId=pool, MaxResults=2)
        # moto's token names the first client of the next page, and fails without it.
        for client_id in created[1:3]:
            self.cognito.delete_user_pool_client(UserPoolId=pool, ClientId=client_id)

        rest = self.pages(pool, first["NextToken"], MaxResults=2)

        self.assertEqual(self.ids([first]), created[:2])
        self.assertEqual(self.ids(rest), created[3:])

    def test_listed_clients_carry_only_id_pool_and_name(self):
        pool = self.new_pool()
        client = self.new_client(pool, GenerateSecret=True)

        listed = self.cognito.list_user_pool_clients(UserPoolId=pool)["UserPoolClients"]

        self.assertEqual(
            listed, [{"ClientId": client["ClientId"], "UserPoolId": pool, "ClientName": "web"}]
        )


CALLBACK = "https://app.example.com/cb"
PINPOINT_APP_ARN = "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123abcd"
PINPOINT_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/pinpoint"
URL_PATTERN = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"
ARN_PATTERN = (
    r"arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+"
    r"(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?"
)


def failed(value: str, path: str, constraint: str) -> str:
    """One failure of an AWS validation message."""
    return f"Value {value} at '{path}' failed to satisfy constraint: {constraint}"


def urls(count: int) -> list[str]:
    return [f"https://app{i}.example.com/cb" for i in range(count)]


class ClientValidationTestCase(BackendTestCase):
    def assert_create_refused(self, pool: str, code: str, message: str, **request) -> None:
        request.setdefault("ClientName", "web")
        self.assert_cognito_error(
            self.unchecked.create_user_pool_client, code, message, UserPoolId=pool, **request
        )

    def assert_raw_error(self, operation: str, params: dict, code: str, message: str) -> None:
        status, headers, body = self.backend.raw_cognito_call(operation, params)
        self.assertEqual(
            (status, headers["X-Amzn-ErrorType"], body),
            (400, code, {"__type": code, "message": message}),
        )


class ClientRequestValidationTests(ClientValidationTestCase):
    """Create/UpdateUserPoolClient requests checked against the service model."""

    def test_a_failure_is_reported_in_aws_words(self):
        pool = self.new_pool()
        self.assert_create_refused(
            pool,
            "InvalidParameterException",
            "1 validation error detected: Value 'web/app' at 'clientName' failed to satisfy"
            r" constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+",
            ClientName="web/app",
        )

    def test_all_failures_are_reported_together(self):
        pool = self.new_pool()
        self.assert_create_refused(
            pool,
            "InvalidParameterException",
            "2 validation errors detected: Value '' at 'clientName' failed to satisfy"
            " constraint: Member must have length greater than or equal to 1; Value '' at"
            " 'clientName' failed to satisfy constraint: Member must satisfy regular"
            r" expression pattern: [\w\s+=,.@-]+",
            ClientName="",
        )

    def test_values_within_the_constraints_are_accepted(self):
        pool = self.new_pool()
        url_1024 = "https://app.example.com/" + "x" * 1000
        accepted = [
            {"ClientName": "x" * 128},
            {"ClientName": "Web app_1 +=,.@-"},
            {"CallbackURLs": urls(100), "LogoutURLs": urls(100)},
            {"CallbackURLs": [url_1024], "DefaultRedirectURI": url_1024},
            {
                "AllowedOAuthFlowsUserPoolClient": True,
                "AllowedOAuthFlows": ["code", "implicit", "code"],
                "CallbackURLs": [CALLBACK],
                "AllowedOAuthScopes": ["openid"] * 50,
            },
            {
                "ExplicitAuthFlows": [
                    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                    "ALLOW_CUSTOM_AUTH",
                    "ALLOW_USER_PASSWORD_AUTH",
                    "ALLOW_USER_SRP_AUTH",
                    "ALLOW_REFRESH_TOKEN_AUTH",
                    "ALLOW_USER_AUTH",
                ]
            },
            {"SupportedIdentityProviders": ["COGNITO"]},
            {"PreventUserExistenceErrors": "LEGACY"},
            {"PreventUserExistenceErrors": "ENABLED"},
            {"AuthSessionValidity": 3},
            {"AuthSessionValidity": 15},
            {"RefreshTokenValidity": 0},
            {"TokenValidityUnits": {"AccessToken": "seconds", "IdToken": "minutes"}},
            {"RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 60}},
            {"RefreshTokenRotation": {"Feature": "DISABLED", "RetryGracePeriodSeconds": 0}},
            {"AnalyticsConfiguration": {"ApplicationArn": PINPOINT_APP_ARN}},
            {
                "AnalyticsConfiguration": {
                    "ApplicationId": "0123abcDEF",
                    "RoleArn": PINPOINT_ROLE_ARN,
                    "ExternalId": "ext",
                }
            },
        ]
        for request in accepted:
            with self.subTest(request=request):
                self.new_client(pool, **request)

    def test_values_breaking_a_constraint_are_refused(self):
        pool = self.new_pool()
        url_1025 = "https://app.example.com/" + "x" * 1001
        url_members = (
            "Member must satisfy constraint: [Member must have length less than or equal to"
            " 1024, Member must have length greater than or equal to 1, Member must satisfy"
            f" regular expression pattern: {URL_PATTERN}]"
        )
        refused = {
            "long name": (
                {"ClientName": "x" * 129},
                failed(
                    f"'{'x' * 129}'",
                    "clientName",
                    "Member must have length less than or equal to 128",
                ),
            ),
            "101 callback URLs": (
                {"CallbackURLs": urls(101)},
                failed(
                    f"'[{', '.join(urls(101))}]'",
                    "callbackURLs",
                    "Member must have length less than or equal to 100",
                ),
            ),
            "101 logout URLs": (
                {"LogoutURLs": urls(101)},
                failed(
                    f"'[{', '.join(urls(101))}]'",
                    "logoutURLs",
                    "Member must have length less than or equal to 100",
                ),
            ),
            "long callback URL": (
                {"CallbackURLs": [url_1025]},
                failed(f"'[{url_1025}]'", "callbackURLs", url_members),
            ),
            "logout URL with a space": (
                {"LogoutURLs": ["https://app.example.com/a b"]},
                failed("'[https://app.example.com/a b]'", "logoutURLs", url_members),
            ),
            "long default redirect URI": (
                {"DefaultRedirectURI": url_1025},
                failed(
                    f"'{url_1025}'",
                    "defaultRedirectURI",
                    "Member must have length less than or equal to 1024",
                ),
            ),
            "unknown OAuth flow": (
                {"AllowedOAuthFlows": ["token"]},
                failed(
                    "'[token]'",
                    "allowedOAuthFlows",
                    "Member must satisfy constraint: [Member"
                    " must satisfy enum value set: [code, implicit, client_credentials]]",
                ),
            ),
            "4 OAuth flows": (
                {"AllowedOAuthFlows": ["code", "implicit", "code", "implicit"]},
                failed(
                    "'[code, implicit, code, implicit]'",
                    "allowedOAuthFlows",
                    "Member must have length less than or equal to 3",
                ),
            ),
            "51 scopes": (
                {"AllowedOAuthScopes": ["openid"] * 51},
                failed(
                    f"'[{', '.join(['openid'] * 51)}]'",
                    "allowedOAuthScopes",
                    "Member must have length less than or equal to 50",
                ),
            ),
            "unknown explicit auth flow": (
                {"ExplicitAuthFlows": ["ALLOW_EVERYTHING"]},
                failed(
                    "'[ALLOW_EVERYTHING]'",
                    "explicitAuthFlows",
                    "Member must satisfy constraint: [Member must satisfy enum value set:"
                    " [ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH,"
                    " ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH,"
                    " ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH,"
                    " ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_AUTH]]",
                ),
            ),
            "long identity provider": (
                {"SupportedIdentityProviders": ["x" * 33]},
                failed(
                    f"'[{'x' * 33}]'",
                    "supportedIdentityProviders",
                    "Member must satisfy constraint: [Member must have length less than or"
                    " equal to 32, Member must have length greater than or equal to 1, Member"
                    r" must satisfy regular expression pattern: [\p{L}\p{M}\p{S}\p{N}\p{P}\p{Z}]+]",
                ),
            ),
            "unknown PreventUserExistenceErrors": (
                {"PreventUserExistenceErrors": "SOMETIMES"},
                failed(
                    "'SOMETIMES'",
                    "preventUserExistenceErrors",
                    "Member must satisfy enum value set: [LEGACY, ENABLED]",
                ),
            ),
            "AuthSessionValidity 2": (
                {"AuthSessionValidity": 2},
                failed(
                    "'2'",
                    "authSessionValidity",
                    "Member must have value greater than or equal to 3",
                ),
            ),
            "AuthSessionValidity 16": (
                {"AuthSessionValidity": 16},
                failed(
                    "'16'", "authSessionValidity", "Member must have value less than or equal to 15"
                ),
            ),
            "AccessTokenValidity 0": (
                {"AccessTokenValidity": 0},
                failed(
                    "'0'",
                    "accessTokenValidity",
                    "Member must have value greater than or equal to 1",
                ),
            ),
            "unknown unit": (
                {"TokenValidityUnits": {"AccessToken": "weeks"}},
                failed(
                    "'weeks'",
                    "tokenValidityUnits.accessToken",
                    "Member must satisfy enum value set: [seconds, minutes, hours, days]",
                ),
            ),
            "unknown rotation feature": (
                {"RefreshTokenRotation": {"Feature": "ON"}},
                failed(
                    "'ON'",
                    "refreshTokenRotation.feature",
                    "Member must satisfy enum value set: [ENABLED, DISABLED]",
                ),
            ),
            "rotation without feature": (
                {"RefreshTokenRotation": {"RetryGracePeriodSeconds": 10}},
                failed("null", "refreshTokenRotation.feature", "Member must not be null"),
            ),
            "grace period 61": (
                {"RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 61}},
                failed(
                    "'61'",
                    "refreshTokenRotation.retryGracePeriodSeconds",
                    "Member must have value less than or equal to 60",
                ),
            ),
            "grace period -1": (
                {"RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": -1}},
                failed(
                    "'-1'",
                    "refreshTokenRotation.retryGracePeriodSeconds",
                    "Member must have value greater than or equal to 0",
                ),
            ),
            "malformed application ARN": (
                {"AnalyticsConfiguration": {"ApplicationArn": "arn:aws:mobiletargeting:apps/0123"}},
                failed(
                    "'arn:aws:mobiletargeting:apps/0123'",
                    "analyticsConfiguration.applicationArn",
                    f"Member must satisfy regular expression pattern: {ARN_PATTERN}",
                ),
            ),
            "application id not hex": (
                {
                    "AnalyticsConfiguration": {
                        "ApplicationId": "app-1",
                        "RoleArn": PINPOINT_ROLE_ARN,
                        "ExternalId": "ext",
                    }
                },
                failed(
                    "'app-1'",
                    "analyticsConfiguration.applicationId",
                    "Member must satisfy regular expression pattern: ^[0-9a-fA-F]+$",
                ),
            ),
        }
        for case, (request, failure) in refused.items():
            with self.subTest(case):
                self.assert_create_refused(
                    pool,
                    "InvalidParameterException",
                    f"1 validation error detected: {failure}",
                    **request,
                )

    def test_update_requests_are_checked_too(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        self.assert_cognito_error(
            self.unchecked.update_user_pool_client,
            "InvalidParameterException",
            "1 validation error detected: "
            + failed(
                "'16'", "authSessionValidity", "Member must have value less than or equal to 15"
            ),
            UserPoolId=pool,
            ClientId=client_id,
            AuthSessionValidity=16,
        )

    def test_missing_required_members_are_reported(self):
        pool = self.new_pool()
        not_null = "Member must not be null"
        self.assert_raw_error(
            "CreateUserPoolClient",
            {},
            "InvalidParameterException",
            "2 validation errors detected: "
            f"{failed('null', 'userPoolId', not_null)}; {failed('null', 'clientName', not_null)}",
        )
        self.assert_raw_error(
            "UpdateUserPoolClient",
            {"UserPoolId": pool},
            "InvalidParameterException",
            f"1 validation error detected: {failed('null', 'clientId', not_null)}",
        )

    def test_wrong_json_types_are_serialization_errors(self):
        pool = self.new_pool()
        number = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber"
        number_to = f"{number} can not be converted to an"
        refused = [
            ({"ClientName": 5}, f"{number_to} String"),
            ({"TokenValidityUnits": {"AccessToken": 5}}, f"{number_to} String"),
            ({"AllowedOAuthFlowsUserPoolClient": 1}, f"{number_to} Boolean"),
            (
                {"AuthSessionValidity": "5"},
                "class java.lang.String can not be converted to an Integer",
            ),
            (
                {"AuthSessionValidity": True},
                "class java.lang.Boolean can not be converted to an Integer",
            ),
            (
                {"AllowedOAuthFlowsUserPoolClient": "yes"},
                "'YES' can not be converted to an Boolean",
            ),
            ({"CallbackURLs": CALLBACK}, "Expected list or null"),
            ({"TokenValidityUnits": "hours"}, "Expected null"),
            ({"ClientName": ["web"]}, "Start of list found where not expected"),
            (
                {"ExplicitAuthFlows": {"ALLOW_CUSTOM_AUTH": True}},
                "Start of structure or map found where not expected.",
            ),
        ]
        for request, message in refused:
            with self.subTest(request=request):
                self.assert_raw_error(
                    "CreateUserPoolClient",
                    {"UserPoolId": pool, "ClientName": "web", **request},
                    "SerializationException",
                    message,
                )

    def test_nulls_count_as_absent(self):
        pool = self.new_pool()
        status, _, body = self.backend.raw_cognito_call(
            "CreateUserPoolClient",
            {
                "UserPoolId": pool,
                "ClientName": "web",
                "CallbackURLs": None,
                "AuthSessionValidity": None,
            },
        )
        self.assertEqual(status, 200)
        self.assertNotIn("CallbackURLs", body["UserPoolClient"])
        self.assertEqual(body["UserPoolClient"]["AuthSessionValidity"], 3)


class ClientRuleTests(ClientValidationTestCase):
    """The documented rules, checked on the configuration a client would have."""

    def test_oauth_flows_and_scopes_need_allowed_oauth_flows_user_pool_client(self):
        pool = self.new_pool()
        for request in (
            {"AllowedOAuthFlows": ["code"], "CallbackURLs": [CALLBACK]},
            {"AllowedOAuthScopes": ["openid"], "AllowedOAuthFlowsUserPoolClient": False},
        ):
            with self.subTest(request=request):
                self.assert_create_refused(
                    pool,
                    "InvalidOAuthFlowException",
                    "AllowedOAuthFlowsUserPoolClient must be true to use AllowedOAuthFlows"
                    " or AllowedOAuthScopes.",
                    **request,
                )
        self.new_client(
            pool,
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["code"],
            CallbackURLs=[CALLBACK],
            AllowedOAuthScopes=["openid"],
        )

    def test_client_credentials_is_the_only_flow_when_chosen(self):
        pool = self.new_pool()
        oauth = {"AllowedOAuthFlowsUserPoolClient": True, "GenerateSecret": True}
        self.assert_create_refused(
            pool,
            "InvalidOAuthFlowException",
            "client_credentials flow can not be selected along with code flow or implicit flow.",
            AllowedOAuthFlows=["client_credentials", "implicit"],
            CallbackURLs=[CALLBACK],
            **oauth,
        )
        self.new_client(pool, AllowedOAuthFlows=["client_credentials"], **oauth)

    def test_client_credentials_needs_a_client_secret(self):
        pool = self.new_pool()
        oauth = {
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["client_credentials"],
        }
        self.assert_create_refused(
            pool,
            "InvalidOAuthFlowException",
            "client_credentials flow can not be selected if client does not have a client secret.",
            **oauth,
        )
        self.new_client(pool, GenerateSecret=True, **oauth)

    def test_code_and_implicit_flows_need_callback_urls(self):
        pool = self.new_pool()
        for request in (
            {"AllowedOAuthFlows": ["implicit"]},
            {"AllowedOAuthFlows": ["code"], "CallbackURLs": []},
        ):
            with self.subTest(request=request):
                self.assert_create_refused(
                    pool,
                    "InvalidOAuthFlowException",
                    "CallbackUrls can not be empty when code flow or implicit flow is selected",
                    AllowedOAuthFlowsUserPoolClient=True,
                    **request,
                )
        self.new_client(
            pool,
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["code", "implicit"],
            CallbackURLs=[CALLBACK],
        )

    def test_redirect_urls_are_absolute_https_and_without_fragment(self):
        pool = self.new_pool()
        for field in ("CallbackURLs", "LogoutURLs"):
            for url, problem in (
                ("/cb", "is not a valid absolute URI."),
                ("https://[::1/cb", "is not a valid absolute URI."),
                ("https://app.example.com/cb#top", "must not include a fragment component."),
                (
                    "http://app.example.com/cb",
                    "must use HTTPS; HTTP is allowed only for" " localhost, 127.0.0.1 and [::1].",
                ),
            ):
                with self.subTest(field=field, url=url):
                    self.assert_create_refused(
                        pool,
                        "InvalidParameterException",
                        f"The URL {url} in {field} {problem}",
                        **{field: [CALLBACK, url]},
                    )
        accepted = [
            CALLBACK,
            "http://localhost:3000/cb",
            "http://127.0.0.1/cb",
            "http://[::1]:8080/cb",
            "myapp://cb",
        ]
        self.new_client(pool, CallbackURLs=accepted, LogoutURLs=accepted)

    def test_default_redirect_uri_is_a_callback_url(self):
        pool = self.new_pool()
        self.assert_create_refused(
            pool,
            "InvalidParameterException",
            "DefaultRedirectURI must be in CallbackURLs",
            CallbackURLs=[CALLBACK],
            DefaultRedirectURI="https://app.example.com/other",
        )
        self.new_client(pool, CallbackURLs=[CALLBACK], DefaultRedirectURI=CALLBACK)

    def test_scopes_are_standard_or_of_a_resource_server_of_the_pool(self):
        pool = self.new_pool()
        self.cognito.create_resource_server(
            UserPoolId=pool,
            Identifier="https://api.example.com",
            Name="api",
            Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}],
        )
        oauth = {"AllowedOAuthFlowsUserPoolClient": True}
        for scope in ("https://api.example.com/write", "admin"):
            with self.subTest(scope=scope):
                self.assert_create_refused(
                    pool,
                    "ScopeDoesNotExistException",
                    f"Invalid scope requested: {scope}",
                    AllowedOAuthScopes=["openid", scope],
                    **oauth,
                )
        standard = ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"]
        self.new_client(
            pool, AllowedOAuthScopes=[*standard, "https://api.example.com/read"], **oauth
        )

    def test_identity_providers_exist_in_the_pool(self):
        pool = self.new_pool()
        self.assert_create_refused(
            pool,
            "InvalidParameterException",
            f"The provider Google does not exist for User Pool {pool}.",
            SupportedIdentityProviders=["COGNITO", "Google"],
        )
        self.new_identity_provider(pool, "Google", "Google")
        self.new_identity_provider(pool, "x" * 32)
        self.new_client(pool, SupportedIdentityProviders=["COGNITO", "Google", "x" * 32])

    def test_legacy_and_allow_explicit_auth_flows_are_not_mixed(self):
        pool = self.new_pool()
        self.assert_create_refused(
            pool,
            "InvalidParameterException",
            "ExplicitAuthFlows can not mix the legacy values ADMIN_NO_SRP_AUTH,"
            " CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH with values that begin with ALLOW_.",
            ExplicitAuthFlows=["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )
        self.new_client(
            pool,
            ExplicitAuthFlows=["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"],
        )

    def test_token_validity_is_within_its_range_in_its_unit(self):
        pool = self.new_pool()
        refused = [
            {"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}},
            {"AccessTokenValidity": 25},  # hours by default
            {"IdTokenValidity": 2, "TokenValidityUnits": {"IdToken": "days"}},
            {"IdTokenValidity": 299, "TokenValidityUnits": {"IdToken": "seconds"}},
            {"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}},
            {"RefreshTokenValidity": 3651},  # days by default
        ]
        for request in refused:
            with self.subTest(request=request):
                self.assert_create_refused(
                    pool,
                    "InvalidParameterException",
                    "Invalid range for token validity.",
                    **request,
                )
        accepted = [
            {"AccessTokenValidity": 5, "TokenValidityUnits": {"AccessToken": "minutes"}},
            {
                "AccessTokenValidity": 24,
                "IdTokenValidity": 1,
                "TokenValidityUnits": {"IdToken": "days"},
            },
            {"IdTokenValidity": 300, "TokenValidityUnits": {"IdToken": "seconds"}},
            {"RefreshTokenValidity": 60, "TokenValidityUnits": {"RefreshToken": "minutes"}},
            {"RefreshTokenValidity": 3650},
        ]
        for request in accepted:
            with self.subTest(request=request):
                self.new_client(pool, **request)

    def test_access_and_id_tokens_do_not_outlive_the_refresh_token(self):
        pool = self.new_pool()
        refresh_hours = {"RefreshTokenValidity": 1, "TokenValidityUnits": {"RefreshToken": "hours"}}
        for field in ("AccessTokenValidity", "IdTokenValidity"):
            with self.subTest(field=field):
                self.assert_create_refused(
                    pool,
                    "InvalidParameterException",
                    "Invalid range for token validity.",
                    **refresh_hours,
                    **{field: 2},
                )
        self.new_client(pool, **refresh_hours, AccessTokenValidity=1, IdTokenValidity=1)

    def test_user_context_data_needs_a_client_secret(self):
        pool = self.new_pool()
        message = (
            "EnablePropagateAdditionalUserContextData can only be activated in an app client"
            " that has a client secret."
        )
        self.assert_create_refused(
            pool,
            "InvalidParameterException",
            message,
            EnablePropagateAdditionalUserContextData=True,
        )
        public_client = self.new_client(pool)["ClientId"]
        self.assert_cognito_error(
            self.unchecked.update_user_pool_client,
            "InvalidParameterException",
            message,
            UserPoolId=pool,
            ClientId=public_client,
            EnablePropagateAdditionalUserContextData=True,
        )
        secret_client = self.new_client(
            pool, GenerateSecret=True, EnablePropagateAdditionalUserContextData=True
        )["ClientId"]
        self.update_client(pool, secret_client, EnablePropagateAdditionalUserContextData=True)

    def test_analytics_go_to_exactly_one_application(self):
        pool = self.new_pool()
        for analytics in (
            {"ApplicationArn": PINPOINT_APP_ARN, "ApplicationId": "0123abcd"},
            {"UserDataShared": True},
        ):
            with self.subTest(analytics=analytics):
                self.assert_create_refused(
                    pool,
                    "InvalidParameterException",
                    "AnalyticsConfiguration must have exactly one of ApplicationArn and"
                    " ApplicationId.",
                    AnalyticsConfiguration=analytics,
                )
        self.new_client(pool, AnalyticsConfiguration={"ApplicationArn": PINPOINT_APP_ARN})

    def test_analytics_application_id_needs_role_arn_and_external_id(self):
        pool = self.new_pool()
        for analytics in (
            {"ApplicationId": "0123abcd", "RoleArn": PINPOINT_ROLE_ARN},
            {"ApplicationId": "0123abcd", "ExternalId": "ext"},
        ):
            with self.subTest(analytics=analytics):
                self.assert_create_refused(
                    pool,
                    "InvalidParameterException",
                    "AnalyticsConfiguration with ApplicationId must also have RoleArn and"
                    " ExternalId.",
                    AnalyticsConfiguration=analytics,
                )
        self.new_client(
            pool,
            AnalyticsConfiguration={
                "ApplicationId": "0123abcd",
                "RoleArn": PINPOINT_ROLE_ARN,
                "ExternalId": "ext",
            },
        )

    def test_update_checks_the_whole_new_configuration_and_changes_nothing_if_refused(self):
        pool = self.new_pool()
        created = self.new_client(
            pool,
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["code"],
            CallbackURLs=[CALLBACK],
        )

        # The client's CallbackURLs do not count: Update replaces them with none.
        self.assert_cognito_error(
            self.unchecked.update_user_pool_client,
            "InvalidOAuthFlowException",
            "CallbackUrls can not be empty when code flow or implicit flow is selected",
            UserPoolId=pool,
            ClientId=created["ClientId"],
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["code"],
        )

        self.assertEqual(self.describe_client(pool, created["ClientId"]), created)


class ClientResponseShapeTests(BackendTestCase):
    def test_refresh_token_rotation_is_filled_in_like_aws(self):
        pool = self.new_pool()
        disabled = {"Feature": "DISABLED", "RetryGracePeriodSeconds": 0}
        created = self.new_client(pool)
        self.assertEqual(created["RefreshTokenRotation"], disabled)

        for sent, stored in (
            ({"Feature": "ENABLED"}, {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}),
            ({"Feature": "ENABLED", "RetryGracePeriodSeconds": 30},) * 2,
            (None, disabled),
        ):
            with self.subTest(sent=sent):
                request = {} if sent is None else {"RefreshTokenRotation": sent}
                updated = self.update_client(pool, created["ClientId"], **request)
                described = self.describe_client(pool, created["ClientId"])
                self.assertEqual(updated["RefreshTokenRotation"], stored)
                self.assertEqual(described["RefreshTokenRotation"], stored)

    def test_analytics_with_application_arn_get_cognitos_service_linked_role(self):
        pool = self.new_pool()
        service_linked_role = (
            f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/cognito-idp.amazonaws.com/"
            "AWSServiceRoleForAmazonCognitoIdp"
        )
        created = self.new_client(pool, AnalyticsConfiguration={"ApplicationArn": PINPOINT_APP_ARN})
        updated = self.update_client(
            pool,
            created["ClientId"],
            AnalyticsConfiguration={"ApplicationArn": PINPOINT_APP_ARN, "UserDataShared": True},
        )

        for client, shared in ((created, False), (updated, True)):
            self.assertEqual(
                client["AnalyticsConfiguration"],
                {
                    "ApplicationArn": PINPOINT_APP_ARN,
                    "RoleArn": service_linked_role,
                    "UserDataShared": shared,
                },
            )
        described = self.describe_client(pool, created["ClientId"])
        self.assertEqual(described["AnalyticsConfiguration"], updated["AnalyticsConfiguration"])

    def test_analytics_with_application_id_echo_user_data_shared(self):
        pool = self.new_pool()
        analytics = {"ApplicationId": "0123abcd", "RoleArn": PINPOINT_ROLE_ARN, "ExternalId": "ext"}
        created = self.new_client(pool, AnalyticsConfiguration=analytics)
        self.assertEqual(created["AnalyticsConfiguration"], {**analytics, "UserDataShared": False})


THROTTLED = "TooManyRequestsException"


CUSTOM_SECRET = "Custom_secret+value_0123456789"  # 30 of [\w+]


class ClientSecretTests(ClientValidationTestCase):
    """A client's secrets: generated or given at creation, then added and deleted."""

    def test_a_secret_is_generated_or_given_at_creation_not_both(self):
        pool = self.new_pool()
        self.assert_create_refused(
            pool,
            "InvalidParameterException",
            "You cannot specify both GenerateSecret as true and provide a ClientSecret value.",
            GenerateSecret=True,
            ClientSecret=CUSTOM_SECRET,
        )
        self.new_client(pool, GenerateSecret=False, ClientSecret=CUSTOM_SECRET)
        self.new_client(pool, ClientSecret=CUSTOM_SECRET)

    def test_a_given_secret_is_24_to_64_word_characters_or_plus(self):
        pool = self.new_pool()
        for secret in ("a" * 24, "Z" * 64, "a_b+c_" * 4 + "0123"):
            with self.subTest(secret=secret):
                self.new_client(pool, ClientSecret=secret)
        too_short = "Member must have length greater than or equal to 24"
        too_long = "Member must have length less than or equal to 64"
        pattern = r"Member must satisfy regular expression pattern: [\w+]+"
        for secret, constraints in (
            ("a" * 23, [too_short]),
            ("a" * 65, [too_long]),
            ("a" * 23 + "-", [pattern]),
            ("a" * 23 + ".", [pattern]),
            ("a" * 12 + " " + "a" * 12, [pattern]),
            ("é" * 24, [pattern]),
        ):
            with self.subTest(secret=secret):
                failures = [failed("'***'", "clientSecret", c) for c in constraints]
                self.assert_create_refused(
                    pool,
                    "InvalidParameterException",
                    f"1 validation error detected: {'; '.join(failures)}",
                    ClientSecret=secret,
                )

    def test_a_refused_secret_is_not_echoed(self):
        pool = self.new_pool()
        secret = "not-a-valid-secret-" + "x" * 10
        with self.assertRaises(ClientError) as raised:
            self.unchecked.create_user_pool_client(
                UserPoolId=pool, ClientName="web", ClientSecret=secret
            )
        self.assertNotIn(secret, str(raised.exception.response))

    def test_a_given_secret_is_not_part_of_the_description(self):
        pool = self.new_pool()
        created = self.new_client(pool, ClientSecret=CUSTOM_SECRET)

        described = self.describe_client(pool, created["ClientId"])

        for client in (created, described):
            self.assertNotIn("ClientSecret", client)
            self.assertNotIn(CUSTOM_SECRET, json.dumps(client, default=str))

    def test_update_cannot_set_a_secret(self):
        pool = self.new_pool()
        for request in ({}, {"GenerateSecret": True}):
            with self.subTest(request=request):
                created = self.new_client(pool, **request)
                status, _, body = self.backend.raw_cognito_call(
                    "UpdateUserPoolClient",
                    {
                        "UserPoolId": pool,
                        "ClientId": created["ClientId"],
                        "ClientName": "web",
                        "ClientSecret": CUSTOM_SECRET,
                    },
                )
                self.assertEqual(status, 200, body)
                described = self.describe_client(pool, created["ClientId"])
                self.assertEqual(described.get("ClientSecret"), created.get("ClientSecret"))
                self.assertNotIn(CUSTOM_SECRET, json.dumps(body))

    # --- AddUserPoolClientSecret, ListUserPoolClientSecrets, DeleteUserPoolClientSecret

    def add_secret(self, pool: str, client_id: str, **request) -> dict:
        return self.cognito.add_user_pool_client_secret(
            UserPoolId=pool, ClientId=client_id, **request
        )["ClientSecretDescriptor"]

    def secrets(self, pool: str, client_id: str) -> list[dict]:
        return self.cognito.list_user_pool_client_secrets(UserPoolId=pool, ClientId=client_id)[
            "ClientSecrets"
        ]

    def secret_ids(self, pool: str, client_id: str) -> list[str]:
        return [secret["ClientSecretId"] for secret in self.secrets(pool, client_id)]

    def delete_secret(self, pool: str, client_id: str, secret_id: str) -> None:
        self.cognito.delete_user_pool_client_secret(
            UserPoolId=pool, ClientId=client_id, ClientSecretId=secret_id
        )

    def confidential_client(self, pool: str) -> dict:
        return self.new_client(pool, GenerateSecret=True)

    def described_secret(self, pool: str, client_id: str) -> str | None:
        return self.describe_client(pool, client_id).get("ClientSecret")

    def test_a_client_created_with_a_secret_has_it_listed(self):
        pool = self.new_pool()
        for request in ({"GenerateSecret": True}, {"ClientSecret": CUSTOM_SECRET}):
            with self.subTest(request=request):
                client_id = self.new_client(pool, **request)["ClientId"]

                secrets = self.secrets(pool, client_id)

                self.assertEqual(len(secrets), 1)
                self.assertEqual(set(secrets[0]), {"ClientSecretId", "ClientSecretCreateDate"})
                self.assertRegex(secrets[0]["ClientSecretId"], rf"^{client_id}--\d{{13}}$")
                self.assertAlmostEqual(
                    secrets[0]["ClientSecretCreateDate"].timestamp(), time.time(), delta=60
                )

    def test_secret_ids_are_client_id_and_creation_epoch_milliseconds_and_differ(self):
        pool = self.new_pool()
        client_id = self.confidential_client(pool)["ClientId"]
        added = self.add_secret(pool, client_id)

        secrets = self.secrets(pool, client_id)

        self.assertEqual(secrets[1]["ClientSecretId"], added["ClientSecretId"])
        ids = [secret["ClientSecretId"] for secret in secrets]
        self.assertNotEqual(ids[0], ids[1])
        for secret in secrets:
            created_ms = int(secret["ClientSecretId"].rsplit("--", 1)[1])
            self.assertEqual(created_ms, round(secret["ClientSecretCreateDate"].timestamp() * 1000))

    def test_a_client_without_a_secret_has_none_and_cannot_be_given_one(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]

        self.assertEqual(self.secrets(pool, client_id), [])
        self.assert_cognito_error(
            self.cognito.add_user_pool_client_secret,
            "InvalidParameterException",
            "Client secrets can only be added to an app client that has a client secret.",
            UserPoolId=pool,
            ClientId=client_id,
        )
        self.assertEqual(self.secrets(pool, client_id), [])

    def test_an_added_secret_value_is_answered_only_when_generated(self):
        pool = self.new_pool()
        created = self.confidential_client(pool)

        generated = self.add_secret(pool, created["ClientId"])
        other = self.confidential_client(pool)["ClientId"]
        given = self.add_secret(pool, other, ClientSecret=CUSTOM_SECRET)

        self.assertEqual(
            set(generated), {"ClientSecretId", "ClientSecretValue", "ClientSecretCreateDate"}
        )
        self.assertRegex(generated["ClientSecretValue"], r"^[a-z0-9]{51}$")
        self.assertNotEqual(generated["ClientSecretValue"], created["ClientSecret"])
        self.assertEqual(set(given), {"ClientSecretId", "ClientSecretCreateDate"})

    def test_listed_secrets_never_carry_a_value(self):
        pool = self.new_pool()
        created = self.confidential_client(pool)
        added = self.add_secret(pool, created["ClientId"])
        given = self.new_client(pool, ClientSecret=CUSTOM_SECRET)["ClientId"]
        self.add_secret(pool, given)

        for client_id in (created["ClientId"], given):
            status, _, body = self.backend.raw_cognito_call(
                "ListUserPoolClientSecrets", {"UserPoolId": pool, "ClientId": client_id}
            )
            self.assertEqual(status, 200)
            self.assertEqual(set(body), {"ClientSecrets"})
            for secret in body["ClientSecrets"]:
                self.assertEqual(set(secret), {"ClientSecretId", "ClientSecretCreateDate"})
                self.assertIsInstance(secret["ClientSecretCreateDate"], (int, float))
            for value in (created["ClientSecret"], added["ClientSecretValue"], CUSTOM_SECRET):
                self.assertNotIn(value, json.dumps(body))

    def test_an_added_secret_value_is_checked_like_one_given_at_creation(self):
        pool = self.new_pool()
        client_id = self.confidential_client(pool)["ClientId"]
        too_short = "Member must have length greater than or equal to 24"
        self.assert_cognito_error(
            self.unchecked.add_user_pool_client_secret,
            "InvalidParameterException",
            f"1 validation error detected: {failed(repr('***'), 'clientSecret', too_short)}",
            UserPoolId=pool,
            ClientId=client_id,
            ClientSecret="a" * 23,
        )
        self.assertEqual(len(self.secrets(pool, client_id)), 1)

    def test_a_client_has_at_most_two_active_secrets(self):
        pool = self.new_pool()
        client_id = self.confidential_client(pool)["ClientId"]
        second = self.add_secret(pool, client_id)

        self.assert_cognito_error(
            self.cognito.add_user_pool_client_secret,
            "LimitExceededException",
            "An app client can have at most 2 client secrets.",
            UserPoolId=pool,
            ClientId=client_id,
        )
        self.assertEqual(len(self.secrets(pool, client_id)), 2)
        self.delete_secret(pool, client_id, second["ClientSecretId"])
        self.add_secret(pool, client_id, ClientSecret=CUSTOM_SECRET)  # a free place again

    def test_the_last_secret_cannot_be_deleted(self):
        pool = self.new_pool()
        client_id = self.confidential_client(pool)["ClientId"]
        original = self.secret_ids(pool, client_id)[0]
        added = self.add_secret(pool, client_id)["ClientSecretId"]

        self.delete_secret(pool, client_id, original)

        self.assertEqual(self.secret_ids(pool, client_id), [added])
        self.assert_cognito_error(
            self.cognito.delete_user_pool_client_secret,
            "InvalidParameterException",
            "You cannot delete the last remaining secret for an app client.",
            UserPoolId=pool,
            ClientId=client_id,
            ClientSecretId=added,
        )
        self.assertEqual(self.secret_ids(pool, client_id), [added])

    def test_an_unknown_secret_id_is_not_found(self):
        pool = self.new_pool()
        client_id = self.confidential_client(pool)["ClientId"]
        self.add_secret(pool, client_id)
        other_clients_secret = self.secret_ids(pool, self.confidential_client(pool)["ClientId"])[0]

        for secret_id in (f"{client_id}--1", other_clients_secret):
            with self.subTest(secret_id=secret_id):
                self.assert_cognito_error(
                    self.cognito.delete_user_pool_client_secret,
                    "ResourceNotFoundException",
                    f"Client secret {secret_id} does not exist.",
                    UserPoolId=pool,
                    ClientId=client_id,
                    ClientSecretId=secret_id,
                )
        self.assertEqual(len(self.secrets(pool, client_id)), 2)

    def test_describe_shows_the_original_secret_while_it_is_active(self):
        pool = self.new_pool()
        created = self.confidential_client(pool)
        client_id = created["ClientId"]
        original = self.secret_ids(pool, client_id)[0]

        added = self.add_secret(pool, client_id)
        self.assertEqual(self.described_secret(pool, client_id), created["ClientSecret"])
        self.delete_secret(pool, client_id, added["ClientSecretId"])
        self.assertEqual(self.described_secret(pool, client_id), created["ClientSecret"])

        self.add_secret(pool, client_id)
        self.delete_secret(pool, client_id, original)

        described = self.describe_client(pool, client_id)
        self.assertNotIn("ClientSecret", described)
        self.assertNotIn("ClientSecret", self.update_client(pool, client_id, ClientName="web"))

    def test_deleting_a_client_deletes_its_secrets(self):
        pool = self.new_pool()
        client_id = self.confidential_client(pool)["ClientId"]
        self.add_secret(pool, client_id)
        secret_id = self.secret_ids(pool, client_id)[0]

        self.cognito.delete_user_pool_client(UserPoolId=pool, ClientId=client_id)

        missing = f"User pool client {client_id} does not exist."
        for call, request in (
            (self.cognito.list_user_pool_client_secrets, {}),
            (self.cognito.add_user_pool_client_secret, {}),
            (self.cognito.delete_user_pool_client_secret, {"ClientSecretId": secret_id}),
        ):
            with self.subTest(call=call.__name__):
                self.assert_cognito_error(
                    call,
                    "ResourceNotFoundException",
                    missing,
                    UserPoolId=pool,
                    ClientId=client_id,
                    **request,
                )

    def test_a_missing_pool_is_reported_like_aws(self):
        for call, request in (
            (self.cognito.list_user_pool_client_secrets, {}),
            (self.cognito.add_user_pool_client_secret, {}),
            (self.cognito.delete_user_pool_client_secret, {"ClientSecretId": "x--1"}),
        ):
            with self.subTest(call=call.__name__):
                self.assert_cognito_error(
                    call,
                    "ResourceNotFoundException",
                    "User pool us-east-1_missing00 does not exist.",
                    UserPoolId="us-east-1_missing00",
                    ClientId="anyclient",
                    **request,
                )


class QuotaAndFaultTests(BackendTestCase):
    """Quotas and faults on demand, which botocore's retries would hide.

    One class, so one launcher: starting one costs more than most of these tests.
    """

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.once = cls.backend.cognito(retries={"total_max_attempts": 1})
        cls.addClassCleanup(cls.once.close)

    def configure(self, control: str, settings: object) -> object:
        """POST /_backend/<control> with `settings` (None: no body); the settings it answers."""
        status, body = self.backend.control("POST", f"/_backend/{control}", settings)
        self.assertEqual(status, 200, body)
        return body

    def assert_refused(self, control: str, settings: object) -> None:
        status, body = self.backend.control("POST", f"/_backend/{control}", settings)
        self.assertEqual(status, 400, body)
        self.assertIn("message", body)

    def counts(self, counter: str) -> object:
        """GET /_backend/<counter>: calls, throttled or injected."""
        status, body = self.backend.control("GET", f"/_backend/{counter}")
        self.assertEqual(status, 200, body)
        return body

    @staticmethod
    def error_code(call, **kwargs) -> str | None:
        """The error code of one call; None if it succeeded."""
        try:
            call(**kwargs)
        except ClientError as error:
            return error.response["Error"]["Code"]
        return None

    def describe(self, pool: str, client_id: str) -> tuple:
        """A DescribeUserPoolClient call for `codes_of`."""
        return self.once.describe_user_pool_client, {"UserPoolId": pool, "ClientId": client_id}

    def codes_of(self, calls: list[tuple]) -> tuple[list, float]:
        """Each (method, kwargs) called once, as fast as possible: the error
        codes, and the seconds they took."""
        start = time.monotonic()
        codes = [self.error_code(call, **kwargs) for call, kwargs in calls]
        return codes, time.monotonic() - start

    def client_names(self, pool: str) -> list[str]:
        clients = self.cognito.list_user_pool_clients(UserPoolId=pool, MaxResults=60)
        return [client["ClientName"] for client in clients["UserPoolClients"]]

    def inject(self, kind: str, **settings) -> None:
        """Every call in scope gets the fault `kind`."""
        self.configure("faults", {"rate": 1.0, "kinds": [kind], **settings})

    def create_client_once(self, pool: str) -> None:
        self.once.create_user_pool_client(UserPoolId=pool, ClientName="web")

    # --- Quotas

    def test_quotas_are_off_by_default(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]

        codes, _ = self.codes_of([self.describe(pool, client_id)] * 10)  # AWS's quota: 5

        self.assertEqual(codes, [None] * 10)
        self.assertEqual(self.counts("throttled"), {})

    def test_quota_settings_default_to_aws_quotas(self):
        self.assertEqual(
            self.configure("quotas", {}),
            {
                "enabled": True,
                "category_rps": 15,
                "operation_pool_rps": 5,
                "mode": "token_bucket",
            },
        )
        sliding = self.configure("quotas", {"mode": "sliding_window"})
        self.assertEqual(sliding["mode"], "sliding_window")

    def test_bad_quota_settings_are_refused(self):
        for settings in (
            {"operation_pool_rps": 0.5},
            {"category_rps": "15"},
            {"enabled": 1},
            {"burst": 5},
            {"mode": "leaky_bucket"},
            {"mode": None},
            [],
        ):
            with self.subTest(settings=settings):
                self.assert_refused("quotas", settings)

    def test_over_quota_is_aws_throttling_error_and_counted(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        self.configure("quotas", {"operation_pool_rps": 1})

        self.describe_client(pool, client_id)
        self.assert_cognito_error(
            self.once.describe_user_pool_client,
            THROTTLED,
            "Too many requests",
            UserPoolId=pool,
            ClientId=client_id,
        )

        # The throttled call reached the API: it counts as a call too.
        self.assertEqual(self.counts("calls")["DescribeUserPoolClient"], 2)
        self.assertEqual(self.counts("throttled"), {"DescribeUserPoolClient": 1})

    def test_operation_quota_allows_a_burst_of_its_rate_then_throttles(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        self.configure("quotas", {})  # AWS's: 5 per second per operation and pool

        codes, elapsed = self.codes_of([self.describe(pool, client_id)] * 20)

        # A full bucket holds 5; it refills by 5 per second meanwhile.
        self.assertEqual(codes[:5], [None] * 5)
        self.assertLessEqual(codes.count(None), 5 + 5 * elapsed, codes)
        self.assertEqual(set(codes[5:]) - {None}, {THROTTLED})
        throttled = codes.count(THROTTLED)
        self.assertEqual(self.counts("throttled"), {"DescribeUserPoolClient": throttled})

    def test_throttles_at_the_configured_rate(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        self.configure("quotas", {"operation_pool_rps": 4, "category_rps": 1000})
        call, kwargs = self.describe(pool, client_id)

        calls = []  # (start, end, error code)
        deadline = time.monotonic() + 0.75
        while time.monotonic() < deadline:
            start = time.monotonic()
            code = self.error_code(call, **kwargs)
            calls.append((start, time.monotonic(), code))

        # A burst of 4, then 4 per second. Measured from the client, the server
        # saw the first call between its start and end, and so the last ones.
        successes = [code for _, _, code in calls].count(None)
        self.assertLessEqual(successes, 4 + 4 * (calls[-1][1] - calls[0][0]))
        throttled = [start for start, _, code in calls if code == THROTTLED]
        self.assertTrue(throttled, "too few calls to reach the quota")
        # Less than one token was left when the last throttled call came.
        self.assertGreater(successes, 3 + 4 * (throttled[-1] - calls[0][1]))

    def test_operation_quota_is_per_operation_and_pool(self):
        pools = [self.new_pool(), self.new_pool()]
        clients = [self.new_client(pool)["ClientId"] for pool in pools]
        self.configure("quotas", {"operation_pool_rps": 1})

        codes, _ = self.codes_of([self.describe(pools[0], clients[0])] * 2)

        self.assertEqual(codes, [None, THROTTLED])
        other_pool = self.describe(pools[1], clients[1])
        other_operation = (self.once.list_user_pool_clients, {"UserPoolId": pools[0]})
        self.assertEqual(self.codes_of([other_pool, other_operation])[0], [None, None])

    def test_category_quota_spans_pools_and_read_operations(self):
        pools = [self.new_pool() for _ in range(3)]
        clients = [self.new_client(pool)["ClientId"] for pool in pools]
        self.configure("quotas", {"category_rps": 4, "operation_pool_rps": 3})
        list_clients = self.once.list_user_pool_clients
        reads = [
            call
            for pool, client_id in zip(pools, clients)
            for call in (self.describe(pool, client_id), (list_clients, {"UserPoolId": pool}))
        ]

        codes, elapsed = self.codes_of(reads * 2)

        # Each operation and pool allows 3 (all 12 calls); UserPoolClientRead 4 in all.
        self.assertEqual(codes[:4], [None] * 4)
        self.assertLessEqual(codes.count(None), 4 + 4 * elapsed, codes)
        # UserPoolClientUpdate is another category.
        create = self.once.create_user_pool_client
        self.assertIsNone(self.error_code(create, UserPoolId=pools[0], ClientName="other"))

    def test_secret_operations_count_in_the_client_categories(self):
        pool = self.new_pool()
        client_id = self.new_client(pool, GenerateSecret=True)["ClientId"]
        client = {"UserPoolId": pool, "ClientId": client_id}
        self.configure("quotas", {"category_rps": 1})

        codes, _ = self.codes_of(
            [
                (self.once.add_user_pool_client_secret, client),
                # UserPoolClientUpdate's one request per second is spent:
                (self.once.delete_user_pool_client_secret, {**client, "ClientSecretId": "x--1"}),
                (self.once.update_user_pool_client, {**client, "ClientName": "web"}),
                (self.once.list_user_pool_client_secrets, client),
                # UserPoolClientRead's too:
                (self.once.describe_user_pool_client, client),
            ]
        )

        self.assertEqual(codes, [None, THROTTLED, THROTTLED, None, THROTTLED])

    def test_quotas_are_per_region(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        self.configure("quotas", {"category_rps": 1, "operation_pool_rps": 1})
        self.describe_client(pool, client_id)
        with contextlib.closing(
            self.backend.cognito("us-west-2", retries={"total_max_attempts": 1})
        ) as west:
            # Not throttled: the pool is only missing in the other region.
            self.assertEqual(
                self.error_code(west.describe_user_pool_client, UserPoolId=pool, ClientId="c"),
                "ResourceNotFoundException",
            )

    def test_sliding_window_refills_a_second_after_arrival_not_gradually(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        describe = self.describe(pool, client_id)
        for mode, after_a_fifth in (("token_bucket", None), ("sliding_window", THROTTLED)):
            with self.subTest(mode=mode):
                self.configure("quotas", {"mode": mode})  # AWS's: 5 per second

                burst, elapsed = self.codes_of([describe] * 5)
                time.sleep(max(0.0, 0.3 - elapsed))
                late, _ = self.codes_of([describe])

                self.assertEqual(burst, [None] * 5)
                # 0.3 s after the burst a bucket has refilled one token (and more);
                # the window still holds all five until a second after the first.
                self.assertEqual(late, [after_a_fifth])

    def test_disabling_turns_quotas_off(self):
        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        self.configure("quotas", {"operation_pool_rps": 1})
        self.configure("quotas", {"enabled": False})

        codes, _ = self.codes_of([self.describe(pool, client_id)] * 5)

        self.assertEqual(codes, [None] * 5)

    # --- Faults

    def test_throttle_answers_too_many_requests_without_processing(self):
        pool = self.new_pool()
        self.inject("throttle")

        self.assert_cognito_error(
            self.once.create_user_pool_client,
            THROTTLED,
            "Too many requests",
            UserPoolId=pool,
            ClientName="web",
        )
        # Without `operations`, every Cognito operation is in scope.
        self.assertEqual(self.error_code(self.once.create_user_pool, PoolName="p"), THROTTLED)
        self.configure("faults", {})
        self.assertEqual(self.client_names(pool), [])

    def test_internal_error_answers_500_without_processing(self):
        pool = self.new_pool()
        self.inject("internal_error", operations=["CreateUserPoolClient"])

        self.assert_cognito_error(
            self.once.create_user_pool_client,
            "InternalErrorException",
            "Internal error",
            http_status=500,
            UserPoolId=pool,
            ClientName="web",
        )
        self.assertEqual(self.client_names(pool), [])

    def test_internal_error_after_answers_500_after_processing(self):
        pool = self.new_pool()
        self.inject("internal_error_after", operations=["CreateUserPoolClient"])

        self.assert_cognito_error(
            self.once.create_user_pool_client,
            "InternalErrorException",
            "Internal error",
            http_status=500,
            UserPoolId=pool,
            ClientName="web",
        )
        self.assertEqual(self.client_names(pool), ["web"])

    def test_concurrent_modification_hits_update_only_without_processing(self):
        pool = self.new_pool()
        created = self.new_client(pool)
        self.inject("concurrent_modification")

        self.assert_cognito_error(
            self.once.update_user_pool_client,
            "ConcurrentModificationException",
            "Only one request to update user pool client can be processed at a time",
            UserPoolId=pool,
            ClientId=created["ClientId"],
            ClientName="renamed",
        )
        self.assertEqual(self.describe_client(pool, created["ClientId"]), created)
        self.new_client(pool)

    def test_drop_closes_the_connection_without_an_answer(self):
        self.inject("drop")
        body = json.dumps({"MaxResults": 10}).encode()
        request = (
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n"
            b"Content-Type: application/x-amz-json-1.1\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        with socket.create_connection(("127.0.0.1", self.backend.port), timeout=10) as sock:
            sock.sendall(request)
            self.assertEqual(sock.recv(1024), b"")  # the end of the stream, no answer

    def test_drop_is_a_connection_error_without_processing(self):
        pool = self.new_pool()
        self.inject("drop", operations=["CreateUserPoolClient"])

        with self.assertRaises(ConnectionClosedError):
            self.create_client_once(pool)
        self.assertEqual(self.client_names(pool), [])

    def test_drop_after_is_a_connection_error_after_processing(self):
        pool = self.new_pool()
        self.inject("drop_after", operations=["CreateUserPoolClient"])

        with self.assertRaises(ConnectionClosedError):
            self.create_client_once(pool)
        self.assertEqual(self.client_names(pool), ["web"])

    def test_injected_faults_are_counted_as_calls_and_as_injected(self):
        pool = self.new_pool()
        self.inject("internal_error", operations=["CreateUserPoolClient"])

        for _ in range(3):
            self.assertEqual(
                self.error_code(self.once.create_user_pool_client, UserPoolId=pool, ClientName="a"),
                "InternalErrorException",
            )
        self.client_names(pool)

        self.assertEqual(
            self.counts("calls"),
            {"CreateUserPool": 1, "CreateUserPoolClient": 3, "ListUserPoolClients": 1},
        )
        self.assertEqual(self.counts("injected"), {"CreateUserPoolClient": 3})
        self.assertEqual(self.counts("throttled"), {})

    def test_latency_delays_each_cognito_call(self):
        self.configure("faults", {"latency_ms": 200})

        start = time.monotonic()
        self.cognito.list_user_pools(MaxResults=10)
        self.assertGreaterEqual(time.monotonic() - start, 0.2)

    def test_latency_spares_the_control_routes(self):
        self.configure("faults", {"latency_ms": 10_000})

        start = time.monotonic()
        self.backend.control("GET", "/_backend/health")
        self.assertLess(time.monotonic() - start, 5)

    def test_latency_applies_to_the_operations_in_scope(self):
        self.configure("faults", {"latency_ms": 10_000, "operations": ["CreateUserPool"]})

        start = time.monotonic()
        self.cognito.list_user_pools(MaxResults=10)
        self.assertLess(time.monotonic() - start, 5)

    def test_seed_makes_the_faults_repeatable(self):
        def codes(seed: int) -> list[str | None]:
            settings = {"rate": 0.5, "kinds": ["throttle", "internal_error"], "seed": seed}
            self.configure("faults", settings)
            return [self.error_code(self.once.list_user_pools, MaxResults=1) for _ in range(12)]

        first = codes(42)

        self.assertEqual(codes(42), first)
        self.assertNotEqual(codes(7), first)
        self.assertEqual(set(first), {None, THROTTLED, "InternalErrorException"})

    def test_rate_zero_or_an_empty_body_turns_faults_off(self):
        for settings in ({"rate": 0}, None):  # None: no body at all
            with self.subTest(settings=settings):
                self.inject("internal_error")
                self.configure("faults", settings)
                self.assertIsNone(self.error_code(self.once.list_user_pools, MaxResults=10))

    def test_fault_settings_are_answered_and_bad_ones_refused(self):
        self.assertEqual(
            self.configure("faults", {"rate": 0.25, "operations": ["ListUserPools"]}),
            {
                "rate": 0.25,
                "kinds": [
                    "throttle",
                    "internal_error",
                    "internal_error_after",
                    "concurrent_modification",
                    "drop",
                    "drop_after",
                ],
                "latency_ms": 0,
                "operations": ["ListUserPools"],
                "seed": None,
            },
        )
        for settings in (
            {"rate": 1.5},
            {"kinds": ["timeout"]},
            {"kinds": []},
            {"operations": ["DescribeUserPoolClients"]},
            {"latency_ms": -1},
            {"seed": "42"},
            {"probability": 0.1},
        ):
            with self.subTest(settings=settings):
                self.assert_refused("faults", settings)

    def test_reset_turns_quotas_and_faults_off(self):
        self.configure("quotas", {"category_rps": 1, "operation_pool_rps": 1})
        self.inject("internal_error", latency_ms=1000)

        self.assertEqual(self.backend.control("POST", "/_backend/reset")[0], 200)

        pool = self.new_pool()
        client_id = self.new_client(pool)["ClientId"]
        codes, elapsed = self.codes_of([self.describe(pool, client_id)] * 5)
        self.assertEqual(codes, [None] * 5)
        self.assertLess(elapsed, 1)


class SlidingWindowTests(unittest.TestCase):
    """The sliding window alone, on made-up arrival times (no clock, no server)."""

    @staticmethod
    def throttled(rate: float, arrivals: list[float]) -> int:
        """How many of `arrivals` a sliding window of `rate` turns away."""
        from cognito_backend import SlidingWindow  # imports moto: only when run

        window = SlidingWindow(rate, 0.0)
        turned_away = 0
        for arrival in arrivals:
            if window.admits(arrival):
                window.take(arrival)
            else:
                turned_away += 1
        return turned_away

    @staticmethod
    def jittered(spacing: float, count: int, jitter: float) -> list[float]:
        """Departures `spacing` apart, arriving up to `jitter` late (seeded)."""
        draws = random.Random(7)
        return sorted(i * spacing + draws.uniform(0, jitter) for i in range(count))

    def test_exact_quota_spacing_passes_without_jitter(self):
        # Quarters of a second are exact in binary: no rounding decides.
        self.assertEqual(self.throttled(4, [i * 0.25 for i in range(100)]), 0)
        self.assertEqual(self.throttled(4, [0.0] * 4 + [0.999, 1.0]), 1)

    def test_exact_quota_spacing_with_jitter_is_throttled(self):
        self.assertGreater(self.throttled(5, self.jittered(0.2, 100, 0.03)), 5)

    def test_spacing_with_headroom_absorbs_the_jitter(self):
        # At 90% of the quota, five gaps span 1.11 s: more than a second plus
        # the 30 ms of jitter.
        self.assertEqual(self.throttled(5, self.jittered(0.2 / 0.9, 100, 0.03)), 0)


class KeepAliveTests(BackendTestCase):
    """Connections stay open between requests, as AWS's do, and each request is
    answered whatever the one before it left unread."""

    LIST_POOLS = json.dumps({"MaxResults": 10}).encode()
    COGNITO_HEADERS = {
        "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
        "Content-Type": "application/x-amz-json-1.1",
    }

    def connection(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection("127.0.0.1", self.backend.port, timeout=10)
        self.addCleanup(connection.close)
        return connection

    def answer(self, connection: http.client.HTTPConnection) -> tuple[int, str | None]:
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Connection")

    def test_one_connection_serves_request_after_request(self):
        connection = self.connection()
        sockets = []
        for _ in range(3):
            connection.request("POST", "/", self.LIST_POOLS, self.COGNITO_HEADERS)
            self.assertEqual(self.answer(connection), (200, None))
            sockets.append(connection.sock)
        self.assertIsNotNone(sockets[0])
        self.assertEqual(sockets, [sockets[0]] * 3, "a new connection was needed")

    def test_a_body_left_unread_is_not_read_as_the_next_request(self):
        connection = self.connection()
        connection.request("GET", "/_backend/health", b"GET /_backend/nothing HTTP/1.1\r\n\r\n")
        self.assertEqual(self.answer(connection), (200, None))
        connection.request("POST", "/", self.LIST_POOLS, self.COGNITO_HEADERS)
        self.assertEqual(self.answer(connection), (200, None))

    def test_requests_sent_together_are_each_answered(self):
        request = (
            b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n"
            b"Content-Type: application/x-amz-json-1.1\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(self.LIST_POOLS), self.LIST_POOLS)
        )
        with socket.create_connection(("127.0.0.1", self.backend.port), timeout=10) as sock:
            sock.sendall(request * 2 + b"GET /_backend/health HTTP/1.1\r\nConnection: close\r\n\r\n")
            answers = b""
            while chunk := sock.recv(65536):
                answers += chunk
        self.assertEqual(answers.count(b"HTTP/1.1 200 OK"), 3, answers[:2000])
        self.assertIn(b'{"status": "ok"}', answers)

    def test_a_chunked_request_closes_its_connection(self):
        connection = self.connection()
        connection.request(
            "POST", "/", iter([self.LIST_POOLS]), self.COGNITO_HEADERS, encode_chunked=True
        )
        self.assertEqual(self.answer(connection), (200, "close"))


class ProcessLifecycleTests(unittest.TestCase):
    """One launcher per test: these tests end the process."""

    def setUp(self) -> None:
        self.backend = Backend()
        self.addCleanup(self.backend.stop)

    def call_cognito(self) -> None:
        with contextlib.closing(self.backend.cognito()) as cognito:
            cognito.list_user_pools(MaxResults=10)

    def assert_clean_exit(self) -> None:
        self.assertEqual(self.backend.process.wait(timeout=EXIT_TIMEOUT_S), 0)
        self.assertEqual(self.backend.process.stdout.read(), b"", "stdout beyond READY")
        self.assertNotIn("Traceback", self.backend.errors())

    def test_exits_when_stdin_closes(self):
        self.call_cognito()
        self.backend.process.stdin.close()
        self.assert_clean_exit()

    def test_exits_cleanly_on_sigterm(self):
        self.backend.process.send_signal(signal.SIGTERM)
        self.assert_clean_exit()

    def test_exits_cleanly_on_sigint(self):
        self.backend.process.send_signal(signal.SIGINT)
        self.assert_clean_exit()

    @unittest.skipUnless(os.path.isdir("/proc"), "needs Linux /proc")
    def test_starts_no_child_processes(self):
        self.call_cognito()
        self.assertEqual(child_pids(self.backend.process.pid), [])


class CreatePoolCommandTests(BackendTestCase):
    def test_prints_the_new_pool_id(self):
        command = [sys.executable, str(LAUNCHER), "create-pool", "--endpoint", self.backend.url]
        result = subprocess.run(
            [*command, "--name", "demo"], capture_output=True, text=True, timeout=60, check=True
        )

        pool_id = result.stdout.strip()
        self.assertRegex(pool_id, r"^us-east-1_[A-Za-z0-9]{9}$")
        pool = self.cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        self.assertEqual(pool["Name"], "demo")


if __name__ == "__main__":
    unittest.main()
