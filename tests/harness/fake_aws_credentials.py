"""The credential side of fake_aws.py: STS AssumeRole and
AssumeRoleWithWebIdentity (Query API, XML), the EC2 instance metadata service
(IMDSv2 only: a GET without a valid session token gets 401, as on instances
that require IMDSv2), an ECS/EKS-style container credentials endpoint that
checks the Authorization header, and IAM Identity Center's GetRoleCredentials
(GET /federation/credentials, checking x-amz-sso_bearer_token).

Every credential handed out is a fresh temporary key pair ("ASIA..." id,
secret, session token) valid for state.credential_seconds; fake_aws.py then
accepts requests signed with it, and only with its session token.
"""

import datetime
import json
import secrets
from xml.sax.saxutils import escape

IMDS_ROLE = "sparkify-instance-role"
CONTAINER_PATH = "/ecs/credentials"
SSO_PATH = "/federation/credentials"


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def xml(tag, value):
    return f"<{tag}>{escape(str(value))}</{tag}>"


def issue(state, source):
    """A new temporary key pair, registered with the server; call with state.lock held."""
    state.issued += 1
    access_key = f"ASIAFAKE{state.issued:012d}"
    secret = secrets.token_urlsafe(30)
    token = "FwoFakeSessionToken" + secrets.token_urlsafe(24)
    expiration = (datetime.datetime.now(datetime.timezone.utc) +
                  datetime.timedelta(seconds=state.credential_seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
    state.keys[access_key] = (secret, token)
    state.calls[source] = state.calls.get(source, 0) + 1
    return {"AccessKeyId": access_key, "SecretAccessKey": secret, "Token": token, "Expiration": expiration}


def credentials_xml(creds):
    return ("<Credentials>" + xml("AccessKeyId", creds["AccessKeyId"]) + xml("SecretAccessKey", creds["SecretAccessKey"])
            + xml("SessionToken", creds["Token"]) + xml("Expiration", creds["Expiration"]) + "</Credentials>")


class StsActions:
    """Mixed into fake_aws_api.Api: STS actions, called with state.lock held."""

    def sts_role(self, params):
        role_arn, session = params.get("RoleArn", ""), params.get("RoleSessionName", "")
        if not role_arn.startswith("arn:aws:iam::") or ":role/" not in role_arn:
            raise ApiError(400, "ValidationError", f"{role_arn!r} is not a valid role ARN")
        if not session:
            raise ApiError(400, "ValidationError", "RoleSessionName is required")
        self.state.assumed.append({"action": params["Action"], "role_arn": role_arn, "session_name": session,
                                   "external_id": params.get("ExternalId", ""),
                                   "duration_seconds": params.get("DurationSeconds", "")})
        account, name = role_arn.split(":")[4], role_arn.split(":role/")[1]
        creds = issue(self.state, "credentials:" + params["Action"])
        user = ("<AssumedRoleUser>" + xml("AssumedRoleId", f"AROAFAKE:{session}") +
                xml("Arn", f"arn:aws:sts::{account}:assumed-role/{name}/{session}") + "</AssumedRoleUser>")
        return credentials_xml(creds) + user

    def sts_AssumeRole(self, params):
        return self.sts_role(params)

    def sts_AssumeRoleWithWebIdentity(self, params):
        token = params.get("WebIdentityToken", "")
        expected = self.state.web_identity_token
        if not token or (expected and token != expected):
            raise ApiError(400, "InvalidIdentityToken", "The web identity token that was passed could not be "
                                                        "validated by AWS.")
        return self.sts_role(params) + xml("SubjectFromWebIdentityToken", "system:serviceaccount:sparkify:etl")


def metadata(state, method, path, query, headers):
    """Answers an IMDS, container or SSO request: (status, body, content type), or None."""
    with state.lock:
        if path == SSO_PATH:
            if not state.sso_token or headers.get("x-amz-sso_bearer_token", "") != state.sso_token:
                return 401, json.dumps({"message": "Session token not found or invalid"}), "application/json"
            if not query.get("account_id") or not query.get("role_name"):
                return 400, json.dumps({"message": "account_id and role_name are required"}), "application/json"
            state.sso_requests.append({"account_id": query["account_id"][0], "role_name": query["role_name"][0]})
            creds = issue(state, "credentials:sso")
            expiration = datetime.datetime.strptime(creds["Expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.timezone.utc)
            body = {"roleCredentials": {"accessKeyId": creds["AccessKeyId"], "secretAccessKey": creds["SecretAccessKey"],
                                        "sessionToken": creds["Token"],
                                        "expiration": int(expiration.timestamp() * 1000)}}
            return 200, json.dumps(body), "application/json"
        if path == "/latest/api/token":
            if method != "PUT":
                return 405, "", "text/plain"
            ttl = headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
            if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                return 400, "", "text/plain"
            token = "imds-" + secrets.token_urlsafe(16)
            state.imds_tokens.add(token)
            return 200, token, "text/plain"
        if path.startswith("/latest/meta-data/"):
            if headers.get("X-aws-ec2-metadata-token", "") not in state.imds_tokens:
                return 401, "", "text/plain"
            prefix = "/latest/meta-data/iam/security-credentials/"
            if path == prefix:
                return 200, IMDS_ROLE, "text/plain"
            if path == prefix + IMDS_ROLE:
                creds = issue(state, "credentials:imds")
                now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                body = {"Code": "Success", "LastUpdated": now, "Type": "AWS-HMAC", **creds}
                return 200, json.dumps(body), "text/plain"
            return 404, "", "text/plain"
        if path == CONTAINER_PATH:
            if headers.get("Authorization", "") != state.container_token:
                return 401, json.dumps({"message": "Unauthorized"}), "application/json"
            creds = issue(state, "credentials:container")
            body = {**creds, "RoleArn": "arn:aws:iam::123456789012:role/sparkify-task"}
            return 200, json.dumps(body), "application/json"
    return None
