/** The catalog of built-in rules, in documentation order. */
import { Rule } from "../rule";
import { requiredTags } from "./tagging/required-tags";
import { lifecycleTagValue } from "./tagging/lifecycle-tag-value";
import { ephemeralHasExpiry } from "./ttl/ephemeral-has-expiry";
import { expiryWellFormed } from "./ttl/expiry-well-formed";
import { expiryNotPast } from "./ttl/expiry-not-past";
import { expiryWithinMaxTtl } from "./ttl/expiry-within-max-ttl";
import { persistenceAllowed } from "./ttl/persistence-allowed";
import { noExpiryInProd } from "./ttl/no-expiry-in-prod";
import { resourceInEnvironmentRegion } from "./isolation/resource-in-environment-region";
import { s3BucketEncrypted } from "./encryption/s3-bucket-encrypted";
import { ebsVolumeEncrypted } from "./encryption/ebs-volume-encrypted";
import { ebsSnapshotCopyEncrypted } from "./encryption/ebs-snapshot-copy-encrypted";
import { rdsInstanceStorageEncrypted } from "./encryption/rds-instance-storage-encrypted";
import { rdsClusterStorageEncrypted } from "./encryption/rds-cluster-storage-encrypted";
import { neptuneClusterStorageEncrypted } from "./encryption/neptune-cluster-storage-encrypted";
import { docdbClusterStorageEncrypted } from "./encryption/docdb-cluster-storage-encrypted";
import { efsEncrypted } from "./encryption/efs-encrypted";
import { dynamodbTableKms } from "./encryption/dynamodb-table-kms";
import { sqsQueueEncrypted } from "./encryption/sqs-queue-encrypted";
import { snsTopicEncrypted } from "./encryption/sns-topic-encrypted";
import { logGroupEncrypted } from "./encryption/log-group-encrypted";
import { searchDomainEncryptedAtRest } from "./encryption/search-domain-encrypted-at-rest";
import { searchDomainNodeToNode } from "./encryption/search-domain-node-to-node";
import { ecrRepositoryKms } from "./encryption/ecr-repository-kms";
import { kmsKeyRotation } from "./key-rotation/kms-key-rotation";
import { s3BucketAclNotPublic } from "./public-exposure/s3-bucket-acl-not-public";
import { s3BucketInlineAclNotPublic } from "./public-exposure/s3-bucket-inline-acl-not-public";
import { s3BucketPolicyNotPublic } from "./public-exposure/s3-bucket-policy-not-public";
import { s3BucketPublicAccessBlock } from "./public-exposure/s3-bucket-public-access-block";
import { databaseNotPublic } from "./public-exposure/database-not-public";
import { eksEndpointNotPublic } from "./public-exposure/eks-endpoint-not-public";
import { instanceNoPublicIp } from "./public-exposure/instance-no-public-ip";
import { noInternetSsh } from "./network-ingress/no-internet-ssh";
import { noInternetRdp } from "./network-ingress/no-internet-rdp";
import { noInternetDatabasePorts } from "./network-ingress/no-internet-database-ports";
import { noInternetAllPorts } from "./network-ingress/no-internet-all-ports";
import { imdsv2Required } from "./instance-metadata/imdsv2-required";
import { s3AccessLogging } from "./logging/s3-access-logging";
import { loadBalancerAccessLogs } from "./logging/load-balancer-access-logs";
import { vpcFlowLogs } from "./logging/vpc-flow-logs";
import { databaseAlarms } from "./logging/database-alarms";
import { budgetCoversEstimate } from "./cost/budget-covers-estimate";
import { instanceBlockDevicesEncrypted } from "./encryption/instance-block-devices-encrypted";
import { cloudtrailKms } from "./encryption/cloudtrail-kms";
import { secretKms } from "./encryption/secret-kms";
import { dynamodbPointInTimeRecovery } from "./backup/dynamodb-point-in-time-recovery";
import { ecrImmutableTags } from "./versioning/ecr-immutable-tags";
import { cloudtrailMultiRegion } from "./logging/cloudtrail-multi-region";
import { cloudtrailLogValidation } from "./logging/cloudtrail-log-validation";
import { secretRotation } from "./key-rotation/secret-rotation";
import { loadBalancerDeletionProtection } from "./deletion-protection/load-balancer-deletion-protection";
import { listenerTls } from "./network-ingress/listener-tls";
import { rdsIamAuth } from "./iam/rds-iam-auth";
import { rdsLogExports } from "./logging/rds-log-exports";
import { albDropInvalidHeaders } from "./public-exposure/alb-drop-invalid-headers";
import { elasticacheAtRest } from "./encryption/elasticache-at-rest";
import { elasticacheInTransit } from "./encryption/elasticache-in-transit";
import { redshiftEncrypted } from "./encryption/redshift-encrypted";
import { eksSecretsEncrypted } from "./encryption/eks-secrets-encrypted";
import { eksControlPlaneLogs } from "./logging/eks-control-plane-logs";
import { dbInstanceBackupRetention } from "./backup/db-instance-backup-retention";
import { rdsClusterBackupRetention } from "./backup/rds-cluster-backup-retention";
import { s3BucketVersioning } from "./versioning/s3-bucket-versioning";
import { dbInstanceDeletionProtection } from "./deletion-protection/db-instance-deletion-protection";
import { rdsClusterDeletionProtection } from "./deletion-protection/rds-cluster-deletion-protection";
import { noAdminPolicy } from "./iam/no-admin-policy";
import { noInlineUserPolicy } from "./iam/no-inline-user-policy";
import { noAccessKeys } from "./iam/no-access-keys";
import { noSecretsInUserData } from "./secrets/no-secrets-in-user-data";
import { noSecretsInLambdaEnvironment } from "./secrets/no-secrets-in-lambda-environment";
import { noSecretVariableDefaults } from "./secrets/no-secret-variable-defaults";
import { noSecretsInParameters } from "./secrets/no-secrets-in-parameters";
import { noSecretsInTags } from "./secrets/no-secrets-in-tags";
import { noSecretsInOutputs } from "./secrets/no-secrets-in-outputs";
import { noSecretsInDefaultTags } from "./secrets/no-secrets-in-default-tags";
import { noPrivilegedContainers } from "./kubernetes/no-privileged-containers";
import { noPrivilegeEscalation } from "./kubernetes/no-privilege-escalation";
import { runAsNonRoot } from "./kubernetes/run-as-non-root";
import { resourceRequestsAndLimits } from "./kubernetes/resource-requests-and-limits";
import { readOnlyRootFilesystem } from "./kubernetes/read-only-root-filesystem";
import { noHostNamespaces } from "./kubernetes/no-host-namespaces";
import { noHostPathVolumes } from "./kubernetes/no-host-path-volumes";
import { imageTagPinned } from "./kubernetes/image-tag-pinned";
import { namespaceNetworkPolicy } from "./kubernetes/namespace-network-policy";
import { namespaceResourceQuota } from "./kubernetes/namespace-resource-quota";
import { snapshotSourceEncrypted } from "./encryption/snapshot-source-encrypted";
import { resourcePolicyNotPublic } from "./public-exposure/resource-policy-not-public";
import { noServiceWildcard } from "./iam/no-service-wildcard";
import { roleTrustNotPublic } from "./iam/role-trust-not-public";
import { noSecretsInContainerEnvironment } from "./secrets/no-secrets-in-container-environment";

import { docdbClusterBackupRetention } from "./backup/docdb-cluster-backup-retention";
import { neptuneClusterBackupRetention } from "./backup/neptune-cluster-backup-retention";
import { neptuneDocdbClusterDeletionProtection } from "./deletion-protection/neptune-docdb-cluster-deletion-protection";
import { apiGatewayCacheEncrypted } from "./encryption/api-gateway-cache-encrypted";
import { apiGatewayDomainTls } from "./encryption/api-gateway-domain-tls";
import { cloudfrontOriginTls } from "./encryption/cloudfront-origin-tls";
import { cloudfrontViewerHttps } from "./encryption/cloudfront-viewer-https";
import { cloudfrontViewerTls } from "./encryption/cloudfront-viewer-tls";
import { docdbTls } from "./encryption/docdb-tls";
import { ebsEncryptionByDefault } from "./encryption/ebs-encryption-by-default";
import { kinesisEncrypted } from "./encryption/kinesis-encrypted";
import { lambdaEnvironmentKms } from "./encryption/lambda-environment-kms";
import { mskAtRestKms } from "./encryption/msk-at-rest-kms";
import { mskInTransit } from "./encryption/msk-in-transit";
import { rdsPerformanceInsightsKms } from "./encryption/rds-performance-insights-kms";
import { rdsRequireTls } from "./encryption/rds-require-tls";
import { redshiftRequireSsl } from "./encryption/redshift-require-ssl";
import { s3ObjectKms } from "./encryption/s3-object-kms";
import { searchDomainHttps } from "./encryption/search-domain-https";
import { searchDomainFineGrainedAccess } from "./iam/search-domain-fine-grained-access";
import { apiGatewayAccessLogs } from "./logging/api-gateway-access-logs";
import { apiGatewayXrayTracing } from "./logging/api-gateway-xray-tracing";
import { cloudfrontAccessLogs } from "./logging/cloudfront-access-logs";
import { docdbAuditLogs } from "./logging/docdb-audit-logs";
import { lambdaFailureDestination } from "./logging/lambda-failure-destination";
import { lambdaTracing } from "./logging/lambda-tracing";
import { mskBrokerLogs } from "./logging/msk-broker-logs";
import { neptuneAuditLogs } from "./logging/neptune-audit-logs";
import { rdsEnhancedMonitoring } from "./logging/rds-enhanced-monitoring";
import { redshiftAuditLogging } from "./logging/redshift-audit-logging";
import { searchDomainAuditLogs } from "./logging/search-domain-audit-logs";
import { searchDomainErrorLogs } from "./logging/search-domain-error-logs";
import { classicLoadBalancerListenerTls } from "./network-ingress/classic-load-balancer-listener-tls";
import { eksNodeGroupSshRestricted } from "./network-ingress/eks-node-group-ssh";
import { mskNotPublic } from "./network-ingress/msk-not-public";
import { redshiftEnhancedVpcRouting } from "./network-ingress/redshift-enhanced-vpc-routing";
import { searchDomainInVpc } from "./network-ingress/search-domain-in-vpc";
import { apiGatewayMethodAuthorization } from "./iam/api-gateway-method-authorization";
import { cloudfrontWaf } from "./network-ingress/cloudfront-waf";
import { lambdaFunctionUrlAuth } from "./public-exposure/lambda-function-url-auth";
import { lambdaPermissionNotPublic } from "./public-exposure/lambda-permission-not-public";
import { neptuneInstanceNotPublic } from "./public-exposure/neptune-instance-not-public";
import { redshiftNotPublic } from "./public-exposure/redshift-not-public";
import { s3ObjectAclNotPublic } from "./public-exposure/s3-object-acl-not-public";
import { ecrScanOnPush } from "./versioning/ecr-scan-on-push";
import { rdsAutoMinorVersionUpgrade } from "./versioning/rds-auto-minor-version-upgrade";

/** Every built-in rule, in documentation order (by area, then id). */
export const ALL_RULES: readonly Rule[] = Object.freeze([
  requiredTags,
  lifecycleTagValue,
  ephemeralHasExpiry,
  expiryWellFormed,
  expiryNotPast,
  expiryWithinMaxTtl,
  persistenceAllowed,
  noExpiryInProd,
  resourceInEnvironmentRegion,
  s3BucketEncrypted,
  ebsVolumeEncrypted,
  ebsSnapshotCopyEncrypted,
  rdsInstanceStorageEncrypted,
  rdsClusterStorageEncrypted,
  neptuneClusterStorageEncrypted,
  docdbClusterStorageEncrypted,
  efsEncrypted,
  dynamodbTableKms,
  sqsQueueEncrypted,
  snsTopicEncrypted,
  logGroupEncrypted,
  searchDomainEncryptedAtRest,
  searchDomainNodeToNode,
  ecrRepositoryKms,
  instanceBlockDevicesEncrypted,
  cloudtrailKms,
  secretKms,
  elasticacheAtRest,
  elasticacheInTransit,
  redshiftEncrypted,
  eksSecretsEncrypted,
  redshiftRequireSsl,
  rdsRequireTls,
  docdbTls,
  rdsPerformanceInsightsKms,
  ebsEncryptionByDefault,
  lambdaEnvironmentKms,
  kinesisEncrypted,
  mskInTransit,
  mskAtRestKms,
  s3ObjectKms,
  cloudfrontViewerHttps,
  cloudfrontViewerTls,
  cloudfrontOriginTls,
  apiGatewayCacheEncrypted,
  apiGatewayDomainTls,
  searchDomainHttps,
  snapshotSourceEncrypted,
  kmsKeyRotation,
  secretRotation,
  s3BucketAclNotPublic,
  s3BucketInlineAclNotPublic,
  s3BucketPolicyNotPublic,
  s3BucketPublicAccessBlock,
  databaseNotPublic,
  eksEndpointNotPublic,
  instanceNoPublicIp,
  albDropInvalidHeaders,
  neptuneInstanceNotPublic,
  redshiftNotPublic,
  lambdaPermissionNotPublic,
  lambdaFunctionUrlAuth,
  s3ObjectAclNotPublic,
  resourcePolicyNotPublic,
  noInternetSsh,
  noInternetRdp,
  noInternetDatabasePorts,
  noInternetAllPorts,
  listenerTls,
  eksNodeGroupSshRestricted,
  mskNotPublic,
  searchDomainInVpc,
  classicLoadBalancerListenerTls,
  redshiftEnhancedVpcRouting,
  cloudfrontWaf,
  imdsv2Required,
  s3AccessLogging,
  loadBalancerAccessLogs,
  vpcFlowLogs,
  databaseAlarms,
  cloudtrailMultiRegion,
  cloudtrailLogValidation,
  rdsLogExports,
  eksControlPlaneLogs,
  rdsEnhancedMonitoring,
  neptuneAuditLogs,
  docdbAuditLogs,
  redshiftAuditLogging,
  lambdaTracing,
  lambdaFailureDestination,
  mskBrokerLogs,
  cloudfrontAccessLogs,
  apiGatewayAccessLogs,
  apiGatewayXrayTracing,
  searchDomainAuditLogs,
  searchDomainErrorLogs,
  dbInstanceBackupRetention,
  rdsClusterBackupRetention,
  dynamodbPointInTimeRecovery,
  neptuneClusterBackupRetention,
  docdbClusterBackupRetention,
  s3BucketVersioning,
  ecrImmutableTags,
  rdsAutoMinorVersionUpgrade,
  ecrScanOnPush,
  dbInstanceDeletionProtection,
  rdsClusterDeletionProtection,
  loadBalancerDeletionProtection,
  neptuneDocdbClusterDeletionProtection,
  noAdminPolicy,
  noInlineUserPolicy,
  noAccessKeys,
  rdsIamAuth,
  noServiceWildcard,
  roleTrustNotPublic,
  searchDomainFineGrainedAccess,
  apiGatewayMethodAuthorization,
  noSecretsInUserData,
  noSecretsInLambdaEnvironment,
  noSecretVariableDefaults,
  noSecretsInParameters,
  noSecretsInTags,
  noSecretsInOutputs,
  noSecretsInDefaultTags,
  noSecretsInContainerEnvironment,
  noPrivilegedContainers,
  noPrivilegeEscalation,
  runAsNonRoot,
  resourceRequestsAndLimits,
  readOnlyRootFilesystem,
  noHostNamespaces,
  noHostPathVolumes,
  imageTagPinned,
  namespaceNetworkPolicy,
  namespaceResourceQuota,
  budgetCoversEstimate,
]);
