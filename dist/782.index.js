export const id = 782;
export const ids = [782];
export const modules = {

/***/ 6782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uploadTemplate: () => (/* binding */ uploadTemplate)
});

// UNUSED EXPORTS: EXPIRE_DAYS, defaultBucketName, templateKey

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/aws/access-denied.ts
var access_denied = __webpack_require__(6515);
// EXTERNAL MODULE: ./src/aws/sdk.ts
var sdk = __webpack_require__(5857);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/aws/s3.ts


/** Writes the object; false when the bucket does not exist (the caller may create it and write again). */
async function putObject(s3, o) {
    try {
        await s3.send(new (await (0,sdk/* s3Sdk */.jb)()).PutObjectCommand({
            Bucket: o.bucket,
            Key: o.key,
            Body: o.body,
            ContentType: 'text/plain; charset=utf-8',
            ExpectedBucketOwner: o.expectedOwner
        }));
        return true;
    }
    catch (err) {
        if ((0,errors/* errorName */.Is)(err) === 'NoSuchBucket')
            return false;
        throw err;
    }
}
/**
 * Creates a private bucket whose objects expire after `expireDays`: nothing in it is public, it is encrypted
 * with S3-managed keys, and nothing piles up. A bucket this account already owns is left as it is.
 */
async function createPrivateBucket(s3, bucket, region, expireDays) {
    try {
        await s3.send(new (await (0,sdk/* s3Sdk */.jb)()).CreateBucketCommand({
            Bucket: bucket,
            // us-east-1 is the one region that refuses a location constraint naming itself.
            CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region }
        }));
    }
    catch (err) {
        if ((0,errors/* errorName */.Is)(err) === 'BucketAlreadyOwnedByYou')
            return 'ours already';
        if ((0,errors/* errorName */.Is)(err) === 'BucketAlreadyExists')
            return 'taken';
        throw err;
    }
    // New buckets already disable ACLs, block public access and encrypt with SSE-S3 by default; the last two
    // are set anyway, so the bucket says what it is whatever the defaults become.
    await s3.send(new (await (0,sdk/* s3Sdk */.jb)()).PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }
    }));
    await s3.send(new (await (0,sdk/* s3Sdk */.jb)()).PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }
    }));
    await s3.send(new (await (0,sdk/* s3Sdk */.jb)()).PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
            Rules: [{ ID: 'expire-templates', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: expireDays } }]
        }
    }));
    return 'created';
}
/**
 * The URL CloudFormation reads a template from: the bucket's regional virtual-hosted address, or the path
 * style one when the bucket name has dots (a virtual host with dots fails TLS). Emulators take the same URL
 * (moto reads the bucket and key from it).
 */
function objectUrl(bucket, key, region) {
    const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    const path = key.split('/').map(encodeURIComponent).join('/');
    return bucket.includes('.') ? `https://s3.${region}.${domain}/${bucket}/${path}` : `https://${bucket}.s3.${region}.${domain}/${path}`;
}

;// CONCATENATED MODULE: ./src/aws/sts.ts

/** The account of the job's credentials (GetCallerIdentity needs no IAM permission). */
async function callerAccount(sts) {
    const out = await sts.send(new (await (0,sdk/* stsSdk */.nB)()).GetCallerIdentityCommand({}));
    if (!out.Account)
        throw new Error('STS GetCallerIdentity returned no account');
    return out.Account;
}

// EXTERNAL MODULE: ./src/cloudformation/template.ts + 6 modules
var template = __webpack_require__(3935);
;// CONCATENATED MODULE: ./src/cloudformation/template-upload.ts






/** CloudFormation reads the template when the change set is created; a week leaves room for re-runs and reviews. */
const EXPIRE_DAYS = 7;
/** The bucket the action creates once per account and region when template-bucket is not given. */
function defaultBucketName(account, region) {
    return `bluegreen-templates-${account}-${region}`;
}
/**
 * The object key: under the app's stack-name (so the IAM grant `bluegreen-action/<StackName>/*` reaches its
 * environment stacks' templates and no other app's, since a stack name holds no `/`), then the stack, then
 * the content's hash, so a retry or re-run writes the same object again.
 */
function templateKey(app, stackName, body) {
    return `bluegreen-action/${app}/${stackName}/${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')}.template`;
}
/** Writes the template to S3 (template-bucket, or the action's own bucket) and returns the URL CloudFormation reads. */
async function uploadTemplate(ctx, storage, stackName, body) {
    const key = templateKey(storage.app, stackName, body);
    const bucket = storage.bucket ?? (await ownBucket(ctx, storage, key, body));
    if (storage.bucket)
        await write(ctx, storage, { bucket, key, body }, 'template-bucket');
    return objectUrl(bucket, key, storage.region);
}
/** The action's bucket, created at the first large template of this account and region; the object is written. */
async function ownBucket(ctx, storage, key, body) {
    // Bucket names are global: the account in the name keeps it ours to create, and as ExpectedBucketOwner it
    // makes S3 refuse the write when someone else created that name first.
    const account = await callerAccount(ctx.clients.sts);
    const bucket = defaultBucketName(account, storage.region);
    const object = { bucket, key, body, expectedOwner: account };
    if (await write(ctx, storage, object))
        return bucket;
    const created = await createPrivateBucket(ctx.clients.s3, bucket, storage.region, EXPIRE_DAYS);
    if (created === 'taken') {
        throw new errors/* DeployError */.sH(`The S3 bucket ${bucket} for large templates belongs to another account`, undefined, 'Set the template-bucket input to a bucket of yours in this region.');
    }
    if (created === 'created') {
        const why = ctx.dryRun ? ' (a dry run too: CloudFormation computes the change set from the template in S3)' : '';
        ctx.log.info(`Created S3 bucket ${bucket} for templates over ${template/* INLINE_LIMIT */.ol} bytes (private, objects expire after ${EXPIRE_DAYS} days)${why}; later runs in this account and region reuse it.`);
    }
    if (!(await write(ctx, storage, object)))
        throw new errors/* DeployError */.sH(`The S3 bucket ${bucket} was created but cannot be written to yet`, undefined, 'Re-run the action.');
    return bucket;
}
async function write(ctx, storage, object, input) {
    const where = `s3://${object.bucket}/${object.key}`;
    try {
        const written = await putObject(ctx.clients.s3, object);
        if (!written && input)
            throw new errors/* DeployError */.sH(`The S3 bucket ${object.bucket} (${input}) does not exist`, undefined, `Create it in ${storage.region}, or leave ${input} empty to let the action create its own.`);
        return written;
    }
    catch (err) {
        if (!(0,access_denied/* isAccessDenied */.w)(err))
            throw err;
        throw new errors/* DeployError */.sH(`S3 refused to store the template at ${where} (${(0,errors/* errorName */.Is)(err) || 'AccessDenied'}): ${(0,errors/* errorMessage */.gJ)(err)}`, undefined, input
            ? `Grant s3:PutObject and s3:GetObject on ${object.bucket}/* to the role the workflow assumes (docs/iam-policy.json).`
            : `Grant the S3 statement of docs/iam-policy.json to the role the workflow assumes; if ${object.bucket} belongs to another account, set template-bucket to a bucket of yours.`);
    }
}


/***/ })

};
