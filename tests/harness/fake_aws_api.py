"""The IAM, Redshift and EC2 actions of fake_aws.py: in-memory state and the
documented XML answers and error codes of AWS's Query APIs (see fake_aws.py).
"""

import datetime
import json
import re
import threading
import urllib.parse
import uuid
from xml.sax.saxutils import escape

from fake_aws_credentials import ApiError, StsActions

ACCOUNT = "123456789012"
VERSIONS = {"iam": "2010-05-08", "redshift": "2012-12-01", "ec2": "2016-11-15", "sts": "2011-06-15"}
NAMESPACES = {
    "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
    "redshift": "http://redshift.amazonaws.com/doc/2012-12-01/",
    "ec2": "http://ec2.amazonaws.com/doc/2016-11-15/",
    "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
}
MANAGED_POLICIES = {"AmazonS3ReadOnlyAccess", "AmazonS3FullAccess", "AmazonRedshiftAllCommandsFullAccess"}



def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def xml(tag, value):
    return f"<{tag}>{escape(str(value))}</{tag}>"


def encode(text, safe="-_.~"):
    return urllib.parse.quote(text, safe=safe)


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.polls_to_available = 2
        self.polls_to_delete = 2
        self.reset()

    def reset(self):
        self.roles = {}        # name -> dict
        self.clusters = {}     # lower-case id -> dict
        self.groups = {}       # group id -> list of rules
        self.snapshots = []
        self.faults = []       # dicts: action, code, status, times, message
        self.calls = {}        # action -> count (signed requests only)
        self.flavor = "aws"    # "emulator": Redshift answers as LocalStack/moto give them (see error_xml, list_xml)
        self.keys = {}         # issued access key id -> (secret, session token); see fake_aws_credentials.py
        self.issued = 0
        self.signers = []      # [action, access key id] of every signed request, in order
        self.assumed = []      # the STS AssumeRole* requests: role_arn, session_name, external_id, ...
        self.credential_seconds = 3600
        self.web_identity_token = ""   # empty: any non-empty token is accepted
        self.container_token = ""      # the Authorization the container endpoint expects
        self.imds_tokens = set()
        self.sso_token = ""            # the access token GetRoleCredentials accepts; empty: none
        self.sso_requests = []         # account_id, role_name of each GetRoleCredentials


def error_xml(service, error, flavor="aws"):
    request_id = str(uuid.uuid4())
    if service == "redshift" and flavor == "emulator":  # moto's RedshiftClientError envelope
        return (f"<RedshiftClientError><Error>{xml('Code', error.code)}{xml('Message', error.message)}"
                f"<Type>Sender</Type></Error>{xml('RequestId', request_id)}</RedshiftClientError>")
    if service == "ec2":
        return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>{xml('Code', error.code)}"
                f"{xml('Message', error.message)}</Error></Errors>{xml('RequestID', request_id)}</Response>")
    kind = "Receiver" if error.status >= 500 else "Sender"
    return (f"<ErrorResponse xmlns=\"{NAMESPACES[service]}\"><Error><Type>{kind}</Type>{xml('Code', error.code)}"
            f"{xml('Message', error.message)}</Error>{xml('RequestId', request_id)}</ErrorResponse>")


def ok_xml(service, action, result=""):
    request_id = str(uuid.uuid4())
    if service == "ec2":
        return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{NAMESPACES[service]}\">"
                f"{xml('requestId', request_id)}{result}</{action}Response>")
    inner = f"<{action}Result>{result}</{action}Result>" if result else ""
    return (f"<{action}Response xmlns=\"{NAMESPACES[service]}\">{inner}"
            f"<ResponseMetadata>{xml('RequestId', request_id)}</ResponseMetadata></{action}Response>")


def required(params, name):
    value = params.get(name)
    if value is None or value == "":
        raise ApiError(400, "MissingParameter", f"The request must contain the parameter {name}")
    return value


def policy_json(text, code="MalformedPolicyDocument"):
    try:
        document = json.loads(text)
    except ValueError:
        raise ApiError(400, code, "The policy document is not valid JSON.")
    if not isinstance(document, dict) or "Statement" not in document:
        raise ApiError(400, code, "The policy document has no Statement.")
    return document


class Api(StsActions):
    def __init__(self, state):
        self.state = state

    def call(self, service, region, params):
        """Answers one verified request; `region` is the one it was signed for."""
        action = required(params, "Action")
        if params.get("Version") != VERSIONS[service]:
            raise ApiError(400, "NoSuchVersion", f"Version {params.get('Version')} is not valid for {service}.")
        handler = getattr(self, f"{service}_{action}", None)
        with self.state.lock:
            self.region = region
            self.state.calls[action] = self.state.calls.get(action, 0) + 1
            for fault in self.state.faults:
                if fault["action"] == action and fault["times"] > 0:
                    fault["times"] -= 1
                    raise ApiError(fault["status"], fault["code"], fault["message"])
            if handler is None:
                raise ApiError(400, "InvalidAction", f"Could not find operation {action} for version "
                                                     f"{VERSIONS[service]}")
            return ok_xml(service, action, handler(params))

    # --- IAM -----------------------------------------------------------------
    def role(self, name):
        role = self.state.roles.get(name)
        if role is None:
            raise ApiError(404, "NoSuchEntity", f"The role with name {name} cannot be found.")
        return role

    @staticmethod
    def role_xml(role, encode_policy):
        document = encode(role["assume_role_policy"]) if encode_policy else role["assume_role_policy"]
        return (f"<Role>{xml('Path', '/')}{xml('Arn', role['arn'])}{xml('RoleName', role['name'])}"
                f"{xml('AssumeRolePolicyDocument', document)}{xml('CreateDate', role['created'])}"
                f"{xml('RoleId', role['id'])}</Role>")

    def iam_CreateRole(self, params):
        name = required(params, "RoleName")
        policy_json(required(params, "AssumeRolePolicyDocument"))
        if name in self.state.roles:
            raise ApiError(409, "EntityAlreadyExists", f"Role with name {name} already exists.")
        role = {"name": name, "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "created": now_iso(),
                "id": "AROA" + uuid.uuid4().hex[:17].upper(), "description": params.get("Description", ""),
                "assume_role_policy": params["AssumeRolePolicyDocument"], "attached": [], "inline": {}}
        self.state.roles[name] = role
        return self.role_xml(role, encode_policy=False)

    def iam_GetRole(self, params):
        return self.role_xml(self.role(required(params, "RoleName")), encode_policy=True)

    def iam_AttachRolePolicy(self, params):
        role = self.role(required(params, "RoleName"))
        arn = required(params, "PolicyArn")
        if not arn.startswith("arn:aws:iam::aws:policy/") or arn.rsplit("/", 1)[-1] not in MANAGED_POLICIES:
            raise ApiError(404, "NoSuchEntity", f"Policy {arn} does not exist or is not attachable.")
        if arn not in role["attached"]:
            role["attached"].append(arn)
        return ""

    def iam_PutRolePolicy(self, params):
        role = self.role(required(params, "RoleName"))
        document = required(params, "PolicyDocument")
        policy_json(document)
        role["inline"][required(params, "PolicyName")] = document
        return ""

    def iam_DetachRolePolicy(self, params):
        role = self.role(required(params, "RoleName"))
        arn = required(params, "PolicyArn")
        if arn not in role["attached"]:
            raise ApiError(404, "NoSuchEntity", f"Policy {arn} was not found.")
        role["attached"].remove(arn)
        return ""

    def iam_DeleteRolePolicy(self, params):
        role = self.role(required(params, "RoleName"))
        name = required(params, "PolicyName")
        if role["inline"].pop(name, None) is None:
            raise ApiError(404, "NoSuchEntity", f"The role policy with name {name} cannot be found.")
        return ""

    def iam_DeleteRole(self, params):
        role = self.role(required(params, "RoleName"))
        if role["attached"]:
            raise ApiError(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.")
        if role["inline"]:
            raise ApiError(409, "DeleteConflict", "Cannot delete entity, must delete policies first.")
        if any(role["arn"] in c["iam_roles"] for c in self.state.clusters.values()):
            raise ApiError(409, "DeleteConflict", "Cannot delete entity, it is in use by a Redshift cluster.")
        del self.state.roles[role["name"]]
        return ""

    # --- Redshift ------------------------------------------------------------
    def cluster(self, identifier):
        cluster = self.state.clusters.get(identifier.lower())
        if cluster is None:
            raise ApiError(404, "ClusterNotFound", f"Cluster {identifier.lower()} not found.")
        return cluster

    @staticmethod
    def cluster_xml(c):
        endpoint = ""
        if c["status"] in ("available", "deleting") and c["address"]:
            endpoint = f"<Endpoint>{xml('Address', c['address'])}{xml('Port', c['port'])}</Endpoint>"
        groups = "".join(f"<VpcSecurityGroup>{xml('VpcSecurityGroupId', g)}{xml('Status', 'active')}"
                         f"</VpcSecurityGroup>" for g in c["security_groups"])
        roles = "".join(f"<ClusterIamRole>{xml('IamRoleArn', r)}{xml('ApplyStatus', 'in-sync')}</ClusterIamRole>"
                        for r in c["iam_roles"])
        return (f"<Cluster>{xml('ClusterIdentifier', c['id'])}{xml('NodeType', c['node_type'])}"
                f"{xml('ClusterStatus', c['status'])}{xml('ClusterAvailabilityStatus', 'Available')}"
                f"{xml('MasterUsername', c['user'])}{xml('DBName', c['db'])}{endpoint}"
                f"{xml('ClusterCreateTime', c['created'])}{xml('NumberOfNodes', c['nodes'])}"
                f"{xml('PubliclyAccessible', 'true')}{xml('Encrypted', 'false')}"
                f"<VpcSecurityGroups>{groups}</VpcSecurityGroups><IamRoles>{roles}</IamRoles></Cluster>")

    def advance(self, cluster):
        """One DescribeClusters poll moves a creating or deleting cluster along."""
        if cluster["status"] in ("creating", "deleting"):
            cluster["polls_left"] -= 1
            if cluster["polls_left"] > 0:
                return
            if cluster["status"] == "creating":
                cluster["status"] = "available"
                cluster["address"] = f"{cluster['id']}.c{uuid.uuid4().hex[:10]}.{cluster['region']}" \
                                     ".redshift.amazonaws.com"
            else:
                del self.state.clusters[cluster["id"]]

    def redshift_CreateCluster(self, params):
        identifier = required(params, "ClusterIdentifier").lower()
        node_type = required(params, "NodeType")
        user = required(params, "MasterUsername")
        password = required(params, "MasterUserPassword")
        cluster_type = params.get("ClusterType", "multi-node")
        nodes = int(params.get("NumberOfNodes", "1"))
        if not (8 <= len(password) <= 64 and re.search("[A-Z]", password) and re.search("[a-z]", password)
                and re.search("[0-9]", password)) or re.search(r"['\"\\/@ ]", password):
            raise ApiError(400, "InvalidParameterValue", "The parameter MasterUserPassword is not a valid password.")
        if cluster_type == "multi-node" and nodes < 2:
            raise ApiError(400, "InvalidParameterCombination", "Number of nodes for cluster type multi-node "
                                                               "must be greater than or equal to 2")
        if cluster_type == "single-node" and nodes != 1:
            raise ApiError(400, "InvalidParameterCombination", "Number of nodes for cluster type single-node "
                                                               "must be 1")
        roles = [v for k, v in sorted(params.items()) if k.startswith("IamRoles.IamRoleArn.")]
        known = {r["arn"] for r in self.state.roles.values()}
        for arn in roles:
            if arn not in known:
                raise ApiError(400, "InvalidParameterValue", f"The IAM role {arn} is not valid.")
        if identifier in self.state.clusters:
            raise ApiError(400, "ClusterAlreadyExists", "Cluster already exists")
        group = "sg-" + uuid.uuid4().hex[:17]
        self.state.groups[group] = []
        cluster = {"id": identifier, "node_type": node_type, "status": "creating", "user": user,
                   "db": params.get("DBName", "dev"), "port": int(params.get("Port", "5439")), "nodes": nodes,
                   "cluster_type": cluster_type, "created": now_iso(), "address": "", "region": self.region,
                   "security_groups": [group], "iam_roles": roles, "polls_left": self.state.polls_to_available}
        self.state.clusters[identifier] = cluster
        return self.cluster_xml(cluster)

    def redshift_DescribeClusters(self, params):
        identifier = params.get("ClusterIdentifier")
        chosen = [self.cluster(identifier)] if identifier else list(self.state.clusters.values())
        shown = []
        for cluster in chosen:
            self.advance(cluster)
            if cluster["id"] in self.state.clusters:
                shown.append(self.cluster_xml(cluster))
        if identifier and not shown:
            raise ApiError(404, "ClusterNotFound", f"Cluster {identifier.lower()} not found.")
        if self.state.flavor == "emulator":  # list members as <item>, as LocalStack/moto serialise them
            shown = ["<item>" + member[len("<Cluster>"):-len("</Cluster>")] + "</item>" for member in shown]
        return f"<Clusters>{''.join(shown)}</Clusters>"

    def redshift_DeleteCluster(self, params):
        cluster = self.cluster(required(params, "ClusterIdentifier"))
        skip = params.get("SkipFinalClusterSnapshot", "false").lower() == "true"
        snapshot = params.get("FinalClusterSnapshotIdentifier", "")
        if not skip and not snapshot:
            raise ApiError(400, "InvalidParameterCombination", "FinalClusterSnapshotIdentifier is required "
                                                               "unless SkipFinalClusterSnapshot is specified.")
        if skip and snapshot:
            raise ApiError(400, "InvalidParameterCombination", "FinalClusterSnapshotIdentifier must not be "
                                                               "given with SkipFinalClusterSnapshot.")
        if cluster["status"] == "deleting":
            raise ApiError(400, "InvalidClusterState", f"There is an operation running on the Cluster "
                                                       f"{cluster['id']}. Please try to delete it at a later time.")
        if snapshot:
            self.state.snapshots.append({"id": snapshot, "cluster": cluster["id"]})
        cluster["status"] = "deleting"
        cluster["polls_left"] = self.state.polls_to_delete
        return self.cluster_xml(cluster)

    # --- EC2 -----------------------------------------------------------------
    def ec2_AuthorizeSecurityGroupIngress(self, params):
        group = required(params, "GroupId")
        if group not in self.state.groups:
            raise ApiError(400, "InvalidGroup.NotFound", f"The security group '{group}' does not exist")
        rule = {"protocol": required(params, "IpPermissions.1.IpProtocol"),
                "from": int(required(params, "IpPermissions.1.FromPort")),
                "to": int(required(params, "IpPermissions.1.ToPort")),
                "cidr": required(params, "IpPermissions.1.IpRanges.1.CidrIp")}
        if rule in self.state.groups[group]:
            raise ApiError(400, "InvalidPermission.Duplicate",
                           f"the specified rule \"peer: {rule['cidr']}, TCP, from port: {rule['from']}, to port: "
                           f"{rule['to']}, ALLOW\" already exists")
        self.state.groups[group].append(rule)
        return xml("return", "true")
