"""Tests of the local Cognito backend (cognito_backend.py).

A test backend that silently stopped behaving like AWS would turn the
provider's tests green for the wrong reason, so its AWS behaviours, controls
and process contract are tested here against a real launcher subprocess.

Run: python3 -m unittest discover -s backend -v
"""

import contextlib
import json
import os
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
from botocore.exceptions import ClientError

LAUNCHER = Path(__file__).with_name("cognito_backend.py")
READY_TIMEOUT_S = 30
EXIT_TIMEOUT_S = 5
REGION = "us-east-1"


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

    def cognito(self):
        return boto3.client(
            "cognito-idp",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def control(self, method: str, path: str) -> tuple[int, object]:
        """Status and JSON body of a plain HTTP request (e.g. /_backend/...)."""
        return self._fetch(urllib.request.Request(self.url + path, method=method))[::2]

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

    def setUp(self) -> None:
        self.assertEqual(self.backend.control("POST", "/_backend/reset")[0], 200)

    def new_pool(self) -> str:
        return self.cognito.create_user_pool(PoolName="pool")["UserPool"]["Id"]

    def new_client(self, pool: str, **request) -> dict:
        return self.cognito.create_user_pool_client(
            UserPoolId=pool, ClientName="web", **request
        )["UserPoolClient"]

    def update_client(self, pool: str, client_id: str, **request) -> dict:
        return self.cognito.update_user_pool_client(
            UserPoolId=pool, ClientId=client_id, **request
        )["UserPoolClient"]

    def describe_client(self, pool: str, client_id: str) -> dict:
        return self.cognito.describe_user_pool_client(UserPoolId=pool, ClientId=client_id)[
            "UserPoolClient"
        ]

    def assert_cognito_error(self, call, code: str, message: str, **kwargs) -> None:
        with self.assertRaises(ClientError) as raised:
            call(**kwargs)
        response = raised.exception.response
        self.assertEqual(response["Error"]["Code"], code)
        self.assertEqual(response["Error"]["Message"], message)
        self.assertEqual(response["ResponseMetadata"]["HTTPStatusCode"], 400)
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
