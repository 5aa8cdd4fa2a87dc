"""AWS's validation of user pool client requests (Create, Update, List, ...).

These checks mirror AWS's documented rules: the constraints of the Cognito
service model (the one botocore ships) and the cross-field rules of the
Cognito API reference, answered with AWS's error codes and, where known,
AWS's own words. AWS checks a request in two steps, and so does the backend:

1. `check_request`: the request against the service model, before the
   operation runs. JSON types first (SerializationException), then required
   members, lengths, ranges, patterns and enums, all failures reported at once
   (InvalidParameterException "N validation errors detected: ...").
2. `check_client`: the configuration the client would have, once its pool is
   known. For UpdateUserPoolClient that is the whole new configuration, since
   Update replaces. One function per documented rule, listed in CLIENT_RULES.

The rules of client secrets (how many, which can go) are `check_secret_*`
and the like at the end, called by the backend's secret operations, which
know the client's secrets.

Every error text is in AWS_ERRORS, each marked as AWS's own wording (with
where it was seen) or as a guess in AWS's style.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

import botocore.session
from botocore.model import Shape, StructureShape
from moto.cognitoidp.models import CognitoIdpUserPool
from moto.core.exceptions import JsonRESTError

SERVICE_MODEL = botocore.session.get_session().get_service_model("cognito-idp")

IPE = "InvalidParameterException"
SERIALIZATION = "SerializationException"
OAUTH = "InvalidOAuthFlowException"
# "Supports up to 2 active secrets per app client" (AddUserPoolClientSecret).
MAX_CLIENT_SECRETS = 2
# Shapes whose values a validation message leaves out ('***'), so that no
# secret, not even a refused one, reaches a test log or a provider diagnostic.
# (AWS itself echoes some values the model marks sensitive, e.g. a ClientId:
# boto/boto3#3581; whether it echoes a ClientSecret is not on record.)
REDACTED_SHAPES = frozenset({"ClientSecretType"})

# Every error text: key -> (AWS error code, message template).
AWS_ERRORS: dict[str, tuple[str, str]] = {
    # AWS's words (its Coral JSON front end, shared by the JSON 1.1 services),
    # as answered by DynamoDB and recorded by the dynalite emulator.
    "list_not_expected": (SERIALIZATION, "Start of list found where not expected"),
    "map_not_expected": (SERIALIZATION, "Start of structure or map found where not expected."),
    "list_expected": (SERIALIZATION, "Expected list or null"),
    "structure_expected": (SERIALIZATION, "Expected null"),
    "boolean_not_convertible": (
        SERIALIZATION,
        "class java.lang.Boolean can not be converted to an {java_type}",
    ),
    "string_not_convertible": (
        SERIALIZATION,
        "class java.lang.String can not be converted to an {java_type}",
    ),
    "number_not_convertible": (
        SERIALIZATION,
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber"
        " can not be converted to an {java_type}",
    ),
    "text_not_boolean": (SERIALIZATION, "'{text}' can not be converted to an Boolean"),
    # AWS's words, from Cognito answers quoted in awsdocs/aws-cloudformation-
    # user-guide#563 and aws/aws-cli#2894, #2941 (value and range texts: dynalite).
    "validation_errors": (IPE, "{count} validation error{plural} detected: {failures}"),
    "constraint_failed": (
        IPE,
        "Value {value} at '{path}' failed to satisfy constraint: {constraint}",
    ),
    "not_null": (IPE, "Member must not be null"),
    "length_at_most": (IPE, "Member must have length less than or equal to {limit}"),
    "length_at_least": (IPE, "Member must have length greater than or equal to {limit}"),
    "value_at_most": (IPE, "Member must have value less than or equal to {limit}"),
    "value_at_least": (IPE, "Member must have value greater than or equal to {limit}"),
    "pattern": (IPE, "Member must satisfy regular expression pattern: {pattern}"),
    "enum": (IPE, "Member must satisfy enum value set: [{values}]"),
    "members": (IPE, "Member must satisfy constraint: [{constraints}]"),
    # AWS's words, quoted in user reports (cisagov/crossfeed#440; Terraform
    # configurations on GitHub; awsdocs/aws-cloudformation-user-guide#564;
    # lgallard/terraform-aws-cognito-user-pool#71; spec cognito-backend.md).
    "client_credentials_alone": (
        OAUTH,
        "client_credentials flow can not be selected along with code flow or implicit flow.",
    ),
    "client_credentials_secret": (
        OAUTH,
        "client_credentials flow can not be selected if client does not have a client secret.",
    ),
    "callback_urls_empty": (
        OAUTH,
        "CallbackUrls can not be empty when code flow or implicit flow is selected",
    ),
    "scope_missing": ("ScopeDoesNotExistException", "Invalid scope requested: {scope}"),
    "provider_missing": (IPE, "The provider {provider} does not exist for User Pool {pool_id}."),
    "token_validity": (IPE, "Invalid range for token validity."),
    # AWS's words for a bad ListUsers PaginationToken (aws/aws-sdk-js#3705);
    # the code as AWS's own samples handle it (aws-solutions/research-service-
    # workbench-on-aws#1103). ListUserPoolClients' own text is not on record.
    "page_token_invalid": (IPE, "Paging marker {token} is invalid for request {request_id}"),
    # Guesses in AWS's style: the rules are documented, AWS's texts unknown.
    "oauth_needs_flag": (
        OAUTH,
        "AllowedOAuthFlowsUserPoolClient must be true to use AllowedOAuthFlows"
        " or AllowedOAuthScopes.",
    ),
    "url_not_absolute": (IPE, "The URL {url} in {field} is not a valid absolute URI."),
    "url_fragment": (IPE, "The URL {url} in {field} must not include a fragment component."),
    "url_not_https": (
        IPE,
        "The URL {url} in {field} must use HTTPS; HTTP is allowed only for"
        " localhost, 127.0.0.1 and [::1].",
    ),
    "default_redirect_not_callback": (IPE, "DefaultRedirectURI must be in CallbackURLs"),
    "auth_flows_mixed": (
        IPE,
        "ExplicitAuthFlows can not mix the legacy values ADMIN_NO_SRP_AUTH,"
        " CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH with values that begin with ALLOW_.",
    ),
    "context_data_needs_secret": (
        IPE,
        "EnablePropagateAdditionalUserContextData can only be activated in an app"
        " client that has a client secret.",
    ),
    "analytics_target": (
        IPE,
        "AnalyticsConfiguration must have exactly one of ApplicationArn and ApplicationId.",
    ),
    "analytics_role": (
        IPE,
        "AnalyticsConfiguration with ApplicationId must also have RoleArn and ExternalId.",
    ),
    # Guesses for the client secrets: the API reference states the rules
    # (CreateUserPoolClient ClientSecret, AddUserPoolClientSecret,
    # DeleteUserPoolClientSecret) and lists the error codes, not the texts;
    # two of these borrow the reference's own sentence of the rule. The codes
    # are guesses too, except LimitExceededException for the limit, the only
    # listed code that fits.
    "secret_and_generate": (
        IPE,
        "You cannot specify both GenerateSecret as true and provide a ClientSecret value.",
    ),
    "secret_on_public_client": (
        IPE,
        "Client secrets can only be added to an app client that has a client secret.",
    ),
    "secret_limit": (
        "LimitExceededException",
        f"An app client can have at most {MAX_CLIENT_SECRETS} client secrets.",
    ),
    "last_secret": (IPE, "You cannot delete the last remaining secret for an app client."),
    "secret_missing": ("ResourceNotFoundException", "Client secret {secret_id} does not exist."),
}


def aws_text(key: str, **values: Any) -> str:
    return AWS_ERRORS[key][1].format(**values)


def aws_error(key: str, **values: Any) -> JsonRESTError:
    """AWS's error for `key`: HTTP 400, {"__type", "message"}, x-amzn-errortype."""
    return JsonRESTError(AWS_ERRORS[key][0], aws_text(key, **values))


def without_nulls(value: Any) -> Any:
    """`value` with its JSON nulls left out: AWS reads a null as an absent value."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value if v is not None]
    return value


# --- Step 1: the request against the service model ----------------------------

# What AWS's deserializer expects for each shape type of the model, by JSON kind.
EXPECTED_JSON_KINDS = {
    "structure": "map",
    "list": "list",
    "string": "string",
    "integer": "number",
    "boolean": "boolean",
}
JAVA_TYPES = {"string": "String", "integer": "Integer", "boolean": "Boolean"}
# A character class of Java Unicode categories, e.g. [\p{L}\p{M}\p{N}]+.
UNICODE_CATEGORIES_CLASS = re.compile(r"\[((?:\\p\{[A-Z]\})+)\]\+")


def check_request(operation: str, request: Any) -> None:
    """Raise AWS's error if `request` does not fit `operation`'s input shape."""
    shape = SERVICE_MODEL.operation_model(operation).input_shape
    request = without_nulls(request)
    check_json_types(shape, request)
    failures = constraint_failures(shape, request)
    if failures:
        raise aws_error(
            "validation_errors",
            count=len(failures),
            plural="s" if len(failures) > 1 else "",
            failures="; ".join(failures),
        )


def json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    return "map"


def serialization_problem(shape_type: str, value: Any) -> str | None:
    """AWS's text for a JSON value that cannot be read as `shape_type`, if so."""
    kind = json_kind(value)
    if kind == EXPECTED_JSON_KINDS[shape_type]:
        return None
    if kind in ("list", "map"):
        return aws_text(f"{kind}_not_expected")
    if shape_type in ("list", "structure"):
        return aws_text(f"{shape_type}_expected")
    if (kind, shape_type) == ("string", "boolean"):
        return aws_text("text_not_boolean", text=value.upper())
    return aws_text(f"{kind}_not_convertible", java_type=JAVA_TYPES[shape_type])


def check_json_types(shape: Shape, value: Any) -> None:
    """Raise AWS's SerializationException for the first value of a wrong JSON type."""
    problem = serialization_problem(shape.type_name, value)
    if problem is not None:
        raise JsonRESTError(SERIALIZATION, problem)
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            if name in value:
                check_json_types(member, value[name])
    elif shape.type_name == "list":
        for item in value:
            check_json_types(shape.member, item)


def constraint_failures(shape: StructureShape, request: dict, parent: str = "") -> list[str]:
    """AWS's text for every member of `request` that breaks a model constraint."""
    failures = []
    for name, member in shape.members.items():
        path = f"{parent}{name[0].lower()}{name[1:]}"
        if name not in request:
            if name in shape.required_members:
                failures.append(failure("null", path, aws_text("not_null")))
        elif member.type_name == "structure":
            failures += constraint_failures(member, request[name], f"{path}.")
        else:
            shown = "'***'" if member.name in REDACTED_SHAPES else f"'{java_text(request[name])}'"
            failures += [failure(shown, path, c) for c in broken_constraints(member, request[name])]
    return failures


def failure(value: str, path: str, constraint: str) -> str:
    return aws_text("constraint_failed", value=value, path=path, constraint=constraint)


def java_text(value: Any) -> str:
    """`value` as AWS prints it in a validation message (Java's toString)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return f"[{', '.join(java_text(item) for item in value)}]"
    return str(value)


def constraints(shape: Shape) -> list[tuple[str, Callable[[Any], bool]]]:
    """AWS's text and a test for each constraint the service model puts on `shape`."""
    meta = shape.metadata
    if shape.type_name in ("string", "list"):
        measure, kind = len, "length"
    else:
        measure, kind = (lambda value: value), "value"
    found = []
    if "max" in meta:
        text = aws_text(f"{kind}_at_most", limit=meta["max"])
        found.append((text, lambda value: measure(value) <= meta["max"]))
    if "min" in meta:
        text = aws_text(f"{kind}_at_least", limit=meta["min"])
        found.append((text, lambda value: measure(value) >= meta["min"]))
    if "pattern" in meta:
        text = aws_text("pattern", pattern=meta["pattern"])
        found.append((text, lambda value: matches_java_pattern(meta["pattern"], value)))
    if "enum" in meta:
        text = aws_text("enum", values=", ".join(meta["enum"]))
        found.append((text, lambda value: value in meta["enum"]))
    return found


def broken_constraints(shape: Shape, value: Any) -> list[str]:
    """AWS's texts of the constraints `value` breaks; a list lists all its member's."""
    broken = [text for text, holds in constraints(shape) if not holds(value)]
    if shape.type_name == "list":
        member = constraints(shape.member)
        if any(not holds(item) for item in value for _, holds in member):
            broken.append(aws_text("members", constraints=", ".join(text for text, _ in member)))
    return broken


def matches_java_pattern(pattern: str, value: str) -> bool:
    """Java's `value.matches(pattern)`, as AWS applies it: the whole value matches.

    Java's \\w and \\s are ASCII-only, hence re.ASCII. Python's re lacks Java's
    \\p{X} Unicode categories; the model uses them only as one class repeated,
    e.g. [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+, which is tested here per character.
    """
    categories = UNICODE_CATEGORIES_CLASS.fullmatch(pattern)
    if categories is None:
        return re.fullmatch(pattern, value, re.ASCII) is not None
    allowed = set(re.findall(r"\\p\{([A-Z])\}", categories.group(1)))
    return bool(value) and all(unicodedata.category(char)[0] in allowed for char in value)


# --- Step 2: the configuration the client would have --------------------------

MINUTE, HOUR, DAY = 60, 3600, 86400
UNIT_SECONDS = {"seconds": 1, "minutes": MINUTE, "hours": HOUR, "days": DAY}
# The units AWS reads validities in when TokenValidityUnits does not say.
DEFAULT_TOKEN_VALIDITY_UNITS = {
    "AccessToken": "hours",
    "IdToken": "hours",
    "RefreshToken": "days",
}
# Validity field: (its TokenValidityUnits key, shortest, longest in seconds).
TOKEN_VALIDITY_RANGES = {
    "AccessTokenValidity": ("AccessToken", 5 * MINUTE, DAY),
    "IdTokenValidity": ("IdToken", 5 * MINUTE, DAY),
    "RefreshTokenValidity": ("RefreshToken", HOUR, 3650 * DAY),
}
DEFAULT_REFRESH_TOKEN_VALIDITY = 30 * DAY  # what RefreshTokenValidity 0 or absent means
STANDARD_SCOPES = frozenset(
    {"phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"}
)
LEGACY_AUTH_FLOWS = frozenset({"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"})
HTTP_REDIRECT_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class ProposedClient:
    """A client configuration that Create or Update is about to store."""

    config: dict[str, Any]
    pool: CognitoIdpUserPool
    has_secret: bool


def check_oauth_needs_user_pool_client_flag(client: ProposedClient) -> None:
    """OAuth flows and scopes need AllowedOAuthFlowsUserPoolClient = true."""
    config = client.config
    uses_oauth = config.get("AllowedOAuthFlows") or config.get("AllowedOAuthScopes")
    if uses_oauth and config.get("AllowedOAuthFlowsUserPoolClient") is not True:
        raise aws_error("oauth_needs_flag")


def check_client_credentials_alone(client: ProposedClient) -> None:
    """client_credentials must be the only OAuth flow."""
    flows = set(client.config.get("AllowedOAuthFlows", ()))
    if "client_credentials" in flows and flows & {"code", "implicit"}:
        raise aws_error("client_credentials_alone")


def check_client_credentials_needs_secret(client: ProposedClient) -> None:
    """client_credentials authenticates with the client secret."""
    if "client_credentials" in client.config.get("AllowedOAuthFlows", ()) and not client.has_secret:
        raise aws_error("client_credentials_secret")


def check_code_and_implicit_need_callback_urls(client: ProposedClient) -> None:
    """The code and implicit flows redirect to a callback URL."""
    flows = set(client.config.get("AllowedOAuthFlows", ()))
    if flows & {"code", "implicit"} and not client.config.get("CallbackURLs"):
        raise aws_error("callback_urls_empty")


def check_redirect_urls(client: ProposedClient) -> None:
    """Callback and logout URLs: absolute, no fragment, HTTPS unless localhost."""
    for field in ("CallbackURLs", "LogoutURLs"):
        for url in client.config.get(field, ()):
            problem = redirect_url_problem(url)
            if problem is not None:
                raise aws_error(problem, field=field, url=url)


def redirect_url_problem(url: str) -> str | None:
    """The AWS_ERRORS key of what rules `url` out as a redirect URL, if anything."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed [IPv6 address
        return "url_not_absolute"
    if not parts.scheme:
        return "url_not_absolute"
    if "#" in url:
        return "url_fragment"
    if parts.scheme.lower() == "http" and host not in HTTP_REDIRECT_HOSTS:
        return "url_not_https"
    return None


def check_default_redirect_uri(client: ProposedClient) -> None:
    """DefaultRedirectURI must be one of the CallbackURLs."""
    default = client.config.get("DefaultRedirectURI")
    if default is not None and default not in client.config.get("CallbackURLs", ()):
        raise aws_error("default_redirect_not_callback")


def check_scopes_exist(client: ProposedClient) -> None:
    """Scopes are standard ones or `<resource server>/<scope>` of the pool."""
    for scope in client.config.get("AllowedOAuthScopes", ()):
        if scope not in STANDARD_SCOPES and not resource_server_has_scope(client.pool, scope):
            raise aws_error("scope_missing", scope=scope)


def resource_server_has_scope(pool: CognitoIdpUserPool, scope: str) -> bool:
    identifier, _, name = scope.rpartition("/")  # identifiers may contain "/"
    server = pool.resource_servers.get(identifier)
    return server is not None and any(s["ScopeName"] == name for s in server.scopes or ())


def check_identity_providers_exist(client: ProposedClient) -> None:
    """Identity providers are COGNITO or providers created in the pool."""
    for provider in client.config.get("SupportedIdentityProviders", ()):
        if provider != "COGNITO" and provider not in client.pool.identity_providers:
            raise aws_error("provider_missing", provider=provider, pool_id=client.pool.id)


def check_explicit_auth_flows_not_mixed(client: ProposedClient) -> None:
    """Legacy explicit auth flows cannot be combined with ALLOW_* ones."""
    flows = set(client.config.get("ExplicitAuthFlows", ()))
    if flows & LEGACY_AUTH_FLOWS and flows - LEGACY_AUTH_FLOWS:
        raise aws_error("auth_flows_mixed")


def token_validity(config: dict[str, Any], field: str) -> int | None:
    """A token validity in seconds, read in its unit; None when unset (0 is unset)."""
    value = config.get(field)
    if not value:
        return None
    units_key = TOKEN_VALIDITY_RANGES[field][0]
    unit = config.get("TokenValidityUnits", {}).get(
        units_key, DEFAULT_TOKEN_VALIDITY_UNITS[units_key]
    )
    return value * UNIT_SECONDS[unit]


def check_token_validity_ranges(client: ProposedClient) -> None:
    """Access and ID tokens 5 minutes to 1 day, refresh tokens 60 minutes to 10 years."""
    for field, (_, shortest, longest) in TOKEN_VALIDITY_RANGES.items():
        seconds = token_validity(client.config, field)
        if seconds is not None and not shortest <= seconds <= longest:
            raise aws_error("token_validity")


def check_tokens_expire_before_refresh_token(client: ProposedClient) -> None:
    """Access and ID tokens cannot be valid longer than the refresh token."""
    refresh = (
        token_validity(client.config, "RefreshTokenValidity") or DEFAULT_REFRESH_TOKEN_VALIDITY
    )
    for field in ("AccessTokenValidity", "IdTokenValidity"):
        seconds = token_validity(client.config, field)
        if seconds is not None and seconds > refresh:
            raise aws_error("token_validity")


def check_context_data_needs_secret(client: ProposedClient) -> None:
    """EnablePropagateAdditionalUserContextData needs a client secret."""
    if client.config.get("EnablePropagateAdditionalUserContextData") and not client.has_secret:
        raise aws_error("context_data_needs_secret")


def check_analytics_target(client: ProposedClient) -> None:
    """Analytics go to exactly one of ApplicationArn and ApplicationId."""
    analytics = client.config.get("AnalyticsConfiguration")
    if analytics is not None and ("ApplicationArn" in analytics) == ("ApplicationId" in analytics):
        raise aws_error("analytics_target")


def check_analytics_application_id_role(client: ProposedClient) -> None:
    """ApplicationId needs the RoleArn and ExternalId to publish with."""
    analytics = client.config.get("AnalyticsConfiguration", {})
    if "ApplicationId" in analytics and not {"RoleArn", "ExternalId"} <= analytics.keys():
        raise aws_error("analytics_role")


CLIENT_RULES: tuple[Callable[[ProposedClient], None], ...] = (
    check_oauth_needs_user_pool_client_flag,
    check_client_credentials_alone,
    check_client_credentials_needs_secret,
    check_code_and_implicit_need_callback_urls,
    check_redirect_urls,
    check_default_redirect_uri,
    check_scopes_exist,
    check_identity_providers_exist,
    check_explicit_auth_flows_not_mixed,
    check_token_validity_ranges,
    check_tokens_expire_before_refresh_token,
    check_context_data_needs_secret,
    check_analytics_target,
    check_analytics_application_id_role,
)


def check_client(config: dict[str, Any], pool: CognitoIdpUserPool, has_secret: bool) -> None:
    """Raise AWS's error for the first documented rule the configuration breaks."""
    client = ProposedClient(config, pool, has_secret)
    for rule in CLIENT_RULES:
        rule(client)


# --- The rules of client secrets ------------------------------------------------


def check_secret_choice(generate_secret: bool, client_secret: str | None) -> None:
    """A client is created with a generated secret or a given one, not both."""
    if generate_secret and client_secret is not None:
        raise aws_error("secret_and_generate")


def check_client_is_confidential(secret_count: int) -> None:
    """AddUserPoolClientSecret is for "an existing confidential user pool app
    client" (the API reference): one that has a secret already."""
    if secret_count == 0:
        raise aws_error("secret_on_public_client")


def check_secret_limit(secret_count: int) -> None:
    """At most MAX_CLIENT_SECRETS active secrets per client."""
    if secret_count >= MAX_CLIENT_SECRETS:
        raise aws_error("secret_limit")


def check_not_last_secret(secret_count: int) -> None:
    """The last remaining secret of a client cannot be deleted."""
    if secret_count <= 1:
        raise aws_error("last_secret")
