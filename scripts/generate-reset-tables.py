#!/usr/bin/env python3
"""Generates src/modes/reset/generated-tables.ts, the tables of mode reset, from cfn-lint's data.

Run by a maintainer after upgrading cfn-lint (the output is committed; CI re-runs it and compares):

    pip install 'cfn-lint==1.51.0'
    python3 scripts/generate-reset-tables.py          # writes src/modes/reset/generated-tables.ts
    python3 scripts/generate-reset-tables.py --check  # exits 1 when the committed file differs

The committed output was produced by cfn-lint 1.51.0. After an upgrade, change the version in this header,
in .ci/run and in .github/workflows/ci.yml, regenerate, and review the diff.

Sources (all shipped with cfn-lint):
- Name properties: the CloudFormation resource provider schemas of us-east-1, with cfn-lint's patches applied
  (cfnlint.schema.PROVIDER_SCHEMA_MANAGER). A property names its resource when it is
    1. a top-level property (the reset strips only top-level properties),
    2. in createOnlyProperties (a new value means a new resource, so a taken name blocks the replacement),
    3. not in required (CloudFormation generates a name when it is left out; AWS::Events::EventBus Name is
       required and so never stripped),
    4. of JSON type string (after following $ref), and
    5. called `Name`, or `<X>Name` where <X> is the end of the type's own name: ClusterName of
       AWS::ECS::Cluster, GroupName of AWS::EC2::SecurityGroup, FilterName of AWS::Logs::MetricFilter.
       This is what tells a resource's own name from a reference to another resource's name (FunctionName
       of AWS::Lambda::EventInvokeConfig, LogGroupName of AWS::EC2::FlowLog, KeyName of AWS::EC2::Instance).
  Minus NOT_GENERATED below: names CloudFormation cannot make up because they are addresses.
- Data-holding types: cfn-lint's StatefulResources.json (rule I3011: "stateful resources should have a
  DeletionPolicy / UpdateReplacePolicy") and the types whose DeletionPolicy may be Snapshot
  (cfnlint.helpers.valid_snapshot_types, rule E3035), plus MORE_STATEFUL below for the types that hold data
  and that neither list has. Every type named here must exist in the schemas, or the script fails.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

import cfnlint.data.AdditionalSpecs
import cfnlint.version
from cfnlint.helpers import load_resource, valid_snapshot_types
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

REGION = 'us-east-1'
OUTPUT = pathlib.Path(__file__).resolve().parent.parent / 'src' / 'reset' / 'generated-tables.ts'

# Matched by the rule, but a value CloudFormation cannot generate: stripping it would not give the resource
# another name, it would give it another address.
NOT_GENERATED = {
    ('AWS::Route53::HostedZone', 'Name'): 'the DNS domain of the zone',
    ('AWS::ApiGateway::Stage', 'StageName'): "the first path segment of the API's URL (the reset finds the endpoint by it)",
    ('AWS::Config::ConfigurationRecorder', 'Name'): 'one recorder per account and region: a replacement cannot be created beside it',
    ('AWS::Config::DeliveryChannel', 'Name'): 'one delivery channel per account and region: a replacement cannot be created beside it',
}

# What a delete loses, for the guard's messages, of the types cfn-lint lists. A type cfn-lint adds later
# gets DEFAULT_LOSS (and the script says so) until it is described here.
DEFAULT_LOSS = 'the data it holds'
LOSS_OF_LISTED = {
    'AWS::Backup::BackupVault': 'its recovery points',
    'AWS::CloudFormation::Stack': 'whatever stateful resources the nested stack holds (the change set does not list them)',
    'AWS::Cognito::UserPool': 'its users and their passwords',
    'AWS::DocDB::DBCluster': "the cluster's documents",
    'AWS::DocDB::DBInstance': "the instance's documents",
    'AWS::DynamoDB::GlobalTable': 'its items in every replica',
    'AWS::DynamoDB::Table': 'its items',
    'AWS::EC2::Volume': 'the data on the volume',
    'AWS::EFS::FileSystem': 'its files',
    'AWS::EMR::Cluster': 'the data on its HDFS',
    'AWS::ElastiCache::CacheCluster': 'its cached data',
    'AWS::ElastiCache::ReplicationGroup': 'its cached data',
    'AWS::Elasticsearch::Domain': 'its indices',
    'AWS::FSx::FileSystem': 'its files',
    'AWS::KMS::Key': 'the ability to decrypt what it encrypted',
    'AWS::Kinesis::Stream': 'the records not yet read or expired',
    'AWS::Logs::LogGroup': 'the log events it holds',
    'AWS::Neptune::DBCluster': "the cluster's graph",
    'AWS::Neptune::DBInstance': "the instance's graph",
    'AWS::OpenSearchService::Domain': 'its indices',
    'AWS::Organizations::Account': 'the account and everything in it',
    'AWS::QLDB::Ledger': 'its journal',
    'AWS::RDS::DBCluster': "the cluster's databases",
    'AWS::RDS::DBInstance': 'its database',
    'AWS::Redshift::Cluster': 'its warehouse data',
    'AWS::S3::Bucket': 'its objects (and a bucket that is not empty cannot be deleted)',
    'AWS::SDB::Domain': 'its items',
    'AWS::SQS::Queue': 'the messages waiting in it',
    'AWS::SecretsManager::Secret': 'the secret value (a generated one cannot be recreated)',
}

# Types that hold data a delete loses and that cfn-lint's lists do not have, with what is lost.
MORE_STATEFUL = {
    'AWS::AmazonMQ::Broker': 'the messages in its queues and topics',
    'AWS::KinesisFirehose::DeliveryStream': 'the records it buffers and has not delivered',
    'AWS::CodeCommit::Repository': 'its commits',
    'AWS::ECR::Repository': 'its images',
    'AWS::ECR::PublicRepository': 'its images',
    'AWS::MemoryDB::Cluster': 'its data',
    'AWS::ElastiCache::ServerlessCache': 'its cached data',
    'AWS::MSK::Cluster': 'the records in its topics',
    'AWS::MSK::ServerlessCluster': 'the records in its topics',
    'AWS::Timestream::Database': 'its tables',
    'AWS::Timestream::Table': 'its time series',
    'AWS::Timestream::InfluxDBInstance': 'its time series',
    'AWS::Timestream::InfluxDBCluster': 'its time series',
    'AWS::Cassandra::Keyspace': 'its tables',
    'AWS::Cassandra::Table': 'its rows',
    'AWS::DocDBElastic::Cluster': "the cluster's documents",
    'AWS::RedshiftServerless::Namespace': 'its warehouse data',
    'AWS::DSQL::Cluster': 'its database',
    'AWS::NeptuneGraph::Graph': 'its graph',
    'AWS::OpenSearchServerless::Collection': 'its indices',
    'AWS::S3Express::DirectoryBucket': 'its objects',
    'AWS::S3Vectors::VectorBucket': 'its vectors',
    'AWS::FSx::Volume': 'its files',
    'AWS::Lightsail::Database': 'its database',
    'AWS::Lightsail::Disk': 'the data on the disk',
    'AWS::KinesisVideo::Stream': 'the media it retains',
    'AWS::HealthLake::FHIRDatastore': 'its health records',
    'AWS::HealthImaging::Datastore': 'its image sets',
    'AWS::IoTAnalytics::Datastore': 'its messages',
    'AWS::Glue::Database': 'the tables and partitions catalogued in it',
    'AWS::Glue::Table': 'its partitions and schema versions',
    'AWS::Logs::LogStream': 'the log events it holds',
    'AWS::Events::Archive': 'the archived events',
    'AWS::IAM::User': 'its password, access keys and MFA devices',
    'AWS::Route53::HostedZone': 'the records created in it outside the stack (and its name servers)',
    'AWS::SES::ContactList': 'its contacts',
    'AWS::EKS::Cluster': 'the workloads and Kubernetes objects created in it',
    'AWS::SageMaker::NotebookInstance': 'the notebooks and files on its volume',
    'AWS::Cognito::UserPoolGroup': 'which users belong to it',
    'AWS::Cognito::IdentityPool': 'its identity ids',
    'AWS::IAM::Group': 'which users outside the stack belong to it',
    'AWS::CodeArtifact::Repository': 'its packages',
    'AWS::Grafana::Workspace': 'its dashboards',
    'AWS::APS::Workspace': 'its metrics',
    'AWS::ACMPCA::CertificateAuthority': 'its private key (what it issued can no longer be renewed or revoked by it)',
    'AWS::DirectoryService::MicrosoftAD': 'the directory',
    'AWS::DirectoryService::SimpleAD': 'the directory',
    'AWS::Kendra::Index': 'its indexed documents',
    'AWS::Batch::JobQueue': 'the jobs waiting in it',
    'AWS::ApiGateway::ApiKey': 'its key value (a generated one cannot be recreated, and clients use it)',
}


def own_name(type_name: str, prop: str) -> bool:
    if prop == 'Name':
        return True
    stem = prop[:-len('Name')] if prop.endswith('Name') else ''
    return stem != '' and type_name.split('::')[-1].endswith(stem)


def json_type(schema: dict, value: dict) -> object:
    for _ in range(20):
        ref = value.get('$ref')
        if not isinstance(ref, str) or not ref.startswith('#/definitions/'):
            break
        value = schema['definitions'][ref[len('#/definitions/'):]]
    return value.get('type')


def top_level(pointers: list[str]) -> set[str]:
    return {p[len('/properties/'):] for p in pointers if p.startswith('/properties/') and p.count('/') == 2}


def name_properties(types: list[str]) -> list[tuple[str, str]]:
    out = []
    for type_name in types:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, type_name).schema
        required = set(schema.get('required', []))
        create_only = top_level(schema.get('createOnlyProperties', []))
        for prop, value in sorted(schema.get('properties', {}).items()):
            if prop in create_only and prop not in required and json_type(schema, value) == 'string' and own_name(type_name, prop):
                if (type_name, prop) not in NOT_GENERATED:
                    out.append((type_name, prop))
    return out


def stateful_types(types: list[str]) -> dict[str, tuple[str, str]]:
    """Type -> (where it comes from, what a delete loses)."""
    listed = load_resource(cfnlint.data.AdditionalSpecs, 'StatefulResources.json')['ResourceTypes']
    sources: dict[str, str] = {}
    for type_name in listed:
        sources[type_name] = 'cfn-lint StatefulResources.json'
    for type_name in valid_snapshot_types:
        sources.setdefault(type_name, 'cfn-lint DeletionPolicy Snapshot types')
    for type_name in MORE_STATEFUL:
        if type_name in sources:
            sys.exit(f"{type_name} is in cfn-lint's lists now: move it from MORE_STATEFUL to LOSS_OF_LISTED")
        sources[type_name] = 'generate-reset-tables.py MORE_STATEFUL'
    unknown = sorted((set(sources) | set(LOSS_OF_LISTED)) - set(types))
    if unknown:
        sys.exit(f'not a resource type of the {REGION} schemas: {", ".join(unknown)}')
    stale = sorted(set(LOSS_OF_LISTED) - set(sources))
    if stale:
        sys.exit(f"no longer in cfn-lint's lists (decide whether to keep them in MORE_STATEFUL): {', '.join(stale)}")
    out = {}
    for type_name in sorted(sources):
        loss = MORE_STATEFUL.get(type_name) or LOSS_OF_LISTED.get(type_name)
        if loss is None:
            print(f'note: {type_name} has no description in LOSS_OF_LISTED; using "{DEFAULT_LOSS}"', file=sys.stderr)
        out[type_name] = (sources[type_name], loss or DEFAULT_LOSS)
    return out


def q(text: str) -> str:
    return "'" + text.replace('\\', '\\\\').replace("'", "\\'") + "'"


def render() -> str:
    types = sorted(PROVIDER_SCHEMA_MANAGER.get_resource_types(REGION))
    for (type_name, _prop) in NOT_GENERATED:
        if type_name not in types:
            sys.exit(f'NOT_GENERATED names {type_name}, which the {REGION} schemas do not have')
    names = name_properties(types)
    stateful = stateful_types(types)
    version = cfnlint.version.__version__
    lines = [
        f'// Generated by scripts/generate-reset-tables.py from cfn-lint {version} ({REGION} resource provider schemas). Do not edit:',
        '// change the script and run it (its header says how).',
        '',
        '/** The cfn-lint version whose data produced these tables. */',
        f"export const CFN_LINT_VERSION = {q(version)}",
        '',
        f'/** Optional, create-only, top-level string properties that name their own resource ({len(names)}). */',
        'export const SCHEMA_NAME_PROPERTIES: readonly (readonly [type: string, property: string])[] = [',
        *[f'  [{q(t)}, {q(p)}],' for t, p in names],
        ']',
        '',
        f'/** Resource types that hold data a delete loses ({len(stateful)}): where the type comes from, and what is lost. */',
        'export const STATEFUL_TYPES: Readonly<Record<string, { source: string; loses: string }>> = {',
        *[f'  {q(t)}: {{ source: {q(src)}, loses: {q(loss)} }},' for t, (src, loss) in stateful.items()],
        '}',
        '',
    ]
    return '\n'.join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--check', action='store_true', help='compare with the committed file instead of writing it')
    parser.add_argument('--stdout', action='store_true', help='print the generated file')
    args = parser.parse_args()
    text = render()
    if args.stdout:
        sys.stdout.write(text)
    elif args.check:
        if OUTPUT.read_text() != text:
            sys.exit(f'{OUTPUT} is not what cfn-lint {cfnlint.version.__version__} generates: run python3 scripts/generate-reset-tables.py and review the diff')
    else:
        OUTPUT.write_text(text)


if __name__ == '__main__':
    main()
