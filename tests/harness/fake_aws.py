#!/usr/bin/env python3
"""A local stand-in for AWS's IAM, Redshift, EC2 and STS Query APIs, for tests.

Speaks the documented wire format: form-encoded POST requests signed with
Signature Version 4, XML answers, AWS's error codes and envelopes. Every request
is checked by recomputing its SigV4 signature with the test credentials given on
the command line, or with temporary credentials this server issued (STS, IMDS,
container endpoint; see fake_aws_credentials.py), whose session token must come
along; a wrong secret gets 403 SignatureDoesNotMatch, an unknown key or token
403 InvalidClientTokenId. STS AssumeRoleWithWebIdentity comes unsigned. The signed service in the credential scope picks the
API. State (roles, clusters, security-group rules) lives in memory; a cluster is
"creating" for --polls-to-available DescribeClusters calls, then "available";
"deleting" for --polls-to-delete calls, then gone.

Control endpoints (unsigned, for tests):
  POST /_fake/fail?action=A&code=C&status=N&times=K  next K calls of A answer error C
  POST /_fake/config?polls_to_available=N&polls_to_delete=M&flavor=F&credential_seconds=S
                    &container_token=T&web_identity_token=W&sso_token=O
  POST /_fake/key?access_key=A&secret_key=S          accept another long-term key pair
  POST /_fake/reset                                  forget all state and faults
  GET  /_fake/state                                  state, per-action call counts, signers as JSON
Credential endpoints (see fake_aws_credentials.py): PUT /latest/api/token,
GET /latest/meta-data/iam/security-credentials/[ROLE], GET /ecs/credentials,
GET /federation/credentials (IAM Identity Center).

Usage: fake_aws.py --port 0 --access-key KEY --secret-key SECRET
Prints "ready PORT" on stdout once listening. Python standard library only;
the actions themselves are in fake_aws_api.py.
"""

import argparse
import datetime
import hashlib
import hmac
import json
import re
import sys
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fake_aws_api import VERSIONS, Api, ApiError, State, encode, error_xml
from fake_aws_credentials import CONTAINER_PATH, SSO_PATH, metadata

AUTH_PATTERN = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r"\s*SignedHeaders=(?P<headers>[^,]+),\s*Signature=(?P<signature>[0-9a-f]{64})$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeAWS/1.0"

    def log_message(self, format, *args):
        if self.server.verbose:
            sys.stderr.write("fake_aws: " + format % args + "\n")

    # --- HTTP plumbing -------------------------------------------------------
    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def send(self, status, body, content_type="text/xml"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(data)

    def dispatch(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        if path.startswith("/_fake/"):
            return self.control(path, urllib.parse.parse_qs(query))
        if path.startswith("/latest/") or path in (CONTAINER_PATH, SSO_PATH):
            answer = metadata(self.server.state, method, path, urllib.parse.parse_qs(query), self.headers)
            return self.send(*answer) if answer else self.send(404, "", "text/plain")
        scope = AUTH_PATTERN.match(self.headers.get("Authorization", ""))
        service = scope["service"] if scope and scope["service"] in VERSIONS else "iam"
        params = dict(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        params.update(urllib.parse.parse_qsl(query, keep_blank_values=True))
        unsigned_sts = not self.headers.get("Authorization") and params.get("Action") == "AssumeRoleWithWebIdentity"
        if unsigned_sts:
            service = "sts"
        try:
            region = "us-east-1"
            if not unsigned_sts:
                self.verify_signature(method, path, query, body)
                region = scope["region"]
                with self.server.state.lock:
                    self.server.state.signers.append([params.get("Action", ""), scope["key"]])
            self.send(200, self.server.api.call(service, region, params))
        except ApiError as error:
            self.send(error.status, error_xml(service, error, self.server.state.flavor))
        except (ValueError, KeyError) as error:
            self.send(500, error_xml(service, ApiError(500, "InternalFailure", f"fake_aws: {error!r}")))

    def control(self, path, query):
        state = self.server.state
        with state.lock:
            if path == "/_fake/fail":
                state.faults.append({"action": query["action"][0], "code": query["code"][0],
                                     "status": int(query.get("status", ["400"])[0]),
                                     "times": int(query.get("times", ["1"])[0]),
                                     "message": query.get("message", ["injected fault"])[0]})
            elif path == "/_fake/config":
                state.polls_to_available = int(query.get("polls_to_available", [state.polls_to_available])[0])
                state.polls_to_delete = int(query.get("polls_to_delete", [state.polls_to_delete])[0])
                state.flavor = query.get("flavor", [state.flavor])[0]
                state.credential_seconds = int(query.get("credential_seconds", [state.credential_seconds])[0])
                state.container_token = query.get("container_token", [state.container_token])[0]
                state.web_identity_token = query.get("web_identity_token", [state.web_identity_token])[0]
                state.sso_token = query.get("sso_token", [state.sso_token])[0]
                for cluster in state.clusters.values():
                    limit = state.polls_to_available if cluster["status"] == "creating" else state.polls_to_delete
                    cluster["polls_left"] = min(cluster["polls_left"], limit)
            elif path == "/_fake/key":
                state.keys[query["access_key"][0]] = (query["secret_key"][0], "")
            elif path == "/_fake/reset":
                state.reset()
            elif path != "/_fake/state":
                return self.send(404, '{"error": "unknown control endpoint"}', "application/json")
            snapshot = {"roles": state.roles, "clusters": state.clusters, "security_groups": state.groups,
                        "snapshots": state.snapshots, "calls": state.calls, "signers": state.signers,
                        "assumed": state.assumed, "sso_requests": state.sso_requests}
            return self.send(200, json.dumps(snapshot, sort_keys=True), "application/json")

    # --- Signature Version 4 -------------------------------------------------
    def verify_signature(self, method, path, query, body):
        authorization = self.headers.get("Authorization")
        if not authorization:
            raise ApiError(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
        match = AUTH_PATTERN.match(authorization)
        if not match:
            raise ApiError(400, "IncompleteSignature", "Authorization header is not a valid AWS4-HMAC-SHA256 value")
        service = match["service"]
        if service not in VERSIONS:
            raise ApiError(400, "InvalidAction", f"Service {service} is not offered here")
        secret, token = self.server.state.keys.get(match["key"], (None, ""))
        if match["key"] == self.server.access_key:
            secret = self.server.secret_key
        if secret is None or self.headers.get("X-Amz-Security-Token", "") != token:
            raise ApiError(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
        amz_date = self.headers.get("X-Amz-Date", "")
        if not amz_date.startswith(match["date"]):
            raise ApiError(403, "SignatureDoesNotMatch", "Date in Credential scope does not match X-Amz-Date.")
        sent = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        if abs((datetime.datetime.now(datetime.timezone.utc) - sent).total_seconds()) > 900:
            raise ApiError(403, "SignatureDoesNotMatch", "Signature expired: request date is more than 15 minutes off.")
        if service == "iam" and match["region"] != "us-east-1":
            raise ApiError(403, "SignatureDoesNotMatch",
                           f"Credential should be scoped to a valid region, not '{match['region']}'.")
        signed = match["headers"].split(";")
        if "host" not in signed or "x-amz-date" not in signed:
            raise ApiError(403, "SignatureDoesNotMatch", "host and x-amz-date must be signed.")
        canonical_headers = ""
        for name in signed:
            values = self.headers.get_all(name) or []
            canonical_headers += name + ":" + ",".join(" ".join(v.split()) for v in values) + "\n"
        pairs = sorted((encode(urllib.parse.unquote(k)), encode(urllib.parse.unquote(v)))
                       for k, _, v in (p.partition("=") for p in query.split("&") if p))
        canonical_query = "&".join(f"{k}={v}" for k, v in pairs)
        canonical_uri = encode(path, safe="/-_.~")
        canonical_request = "\n".join([method, canonical_uri, canonical_query, canonical_headers,
                                       match["headers"], hashlib.sha256(body).hexdigest()])
        scope = f"{match['date']}/{match['region']}/{service}/aws4_request"
        string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                                    hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])
        key = ("AWS4" + secret).encode("utf-8")
        for part in (match["date"], match["region"], service, "aws4_request"):
            key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
        expected = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, match["signature"]):
            raise ApiError(403, "SignatureDoesNotMatch",
                           "The request signature we calculated does not match the signature you provided. "
                           "Check your AWS Secret Access Key and signing method. "
                           "Consult the service documentation for details.")
        content_type = self.headers.get("Content-Type", "")
        if method == "POST" and not content_type.startswith("application/x-www-form-urlencoded"):
            raise ApiError(400, "InvalidParameterValue", "Query API requests must be form-encoded.")
        return service


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--polls-to-available", type=int, default=2)
    parser.add_argument("--polls-to-delete", type=int, default=2)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    state = State()
    state.polls_to_available, state.polls_to_delete = args.polls_to_available, args.polls_to_delete
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.access_key, server.secret_key, server.verbose = args.access_key, args.secret_key, args.verbose
    server.state = state
    server.api = Api(state)
    print(f"ready {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
