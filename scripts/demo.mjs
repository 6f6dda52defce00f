// npm run demo: a blue → green release of the sample app through the built action, on the embedded AWS
// emulator (moto), then a second app whose releases swap the origin of a CloudFront distribution. Installs what is missing, starts the emulator and a local stand-in for the app, runs the
// action as the GitHub runner would (INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), prints
// the outputs and the job summary, and stops everything.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from './runner-files.mjs'
import { ensureInstalled } from './setup.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
process.chdir(root)

/** The app, standing in for API Gateway (moto's APIs cannot be called over HTTP): /blue/* and /green/*. */
function startApp() {
  const server = createServer((req, res) => {
    const color = req.url.split('/')[1]
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: true, color, path: req.url }))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

// What the log below shows that is the emulator's doing, not a failure (docs/emulator.md has the full list).
const EMULATOR_NOTES = `
What in the log below comes from the emulator, not from a problem:
  - The change sets list DomainMapping, whose condition (HasDomain) is false here: moto does not evaluate
    conditions in change sets, AWS leaves such resources out.
  - "DescribeStackResources by physical id ... failed (Stack with id None does not exist)": moto cannot find a
    stack by a resource's physical id, which AWS can; the action then looks through the stacks of shop instead.
  - The API Gateway endpoints are the local stand-in above: moto's APIs cannot be called over HTTP.
  - The CloudFront distribution reads Deployed at once: on AWS an update takes minutes to reach every edge
    location, and the action waits for it before deleting blue.${
      Number(process.versions.node.split('.')[0]) < 22
        ? `
  - "NodeVersionSupportWarning" from the AWS SDK: this is Node.js ${process.versions.node}; use Node.js 22 or newer (24 is the action's runtime).`
        : ''
    }`

async function runAction(title, inputs, motoUrl) {
  const dir = mkdtempSync(join(tmpdir(), 'bluegreen-demo-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir
  }
  for (const [k, v] of Object.entries({ ...inputs, region: 'us-east-1', 'endpoint-url': motoUrl, 'poll-seconds': '0.5' })) {
    env[`INPUT_${k.toUpperCase()}`] = v
  }
  console.log(`\n━━━━ ${title} ━━━━`)
  const child = spawn(process.execPath, ['dist/index.js'], { env, stdio: ['ignore', 'inherit', 'inherit'] })
  const code = await new Promise((resolve) => child.on('close', resolve))
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'))
  console.log(`\n── outputs (${title}) ──`)
  for (const [k, v] of Object.entries(outputs)) console.log(`${k.padEnd(24)} ${v}`)
  console.log(`\n── job summary (${title}) ──\n${readFileSync(summaryFile, 'utf8')}`)
  if (code !== 0) throw new Error(`${title}: the action failed (exit ${code})`)
  return outputs
}

/**
 * The second app, www, sits behind a CloudFront distribution that the platform team owns: its first
 * environment is deployed, the distribution is created in front of it, and the next release swaps the
 * distribution's origin from blue's API to green's (router cloudfront).
 */
async function cloudfrontRelease(motoUrl, appUrl) {
  const { CloudFrontClient, CreateDistributionCommand, GetDistributionConfigCommand } = await import('@aws-sdk/client-cloudfront')
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation')
  const aws = { region: 'us-east-1', endpoint: motoUrl, credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' } }
  const cloudfront = new CloudFrontClient(aws)
  const cloudformation = new CloudFormationClient(aws)
  const common = { mode: 'extra-env', 'stack-name': 'www', template: 'examples/cloudfront/template.yaml', 'endpoint-output': 'Endpoint', 'smoke-path': '/health' }
  await runAction('Release 3: www-blue, the first environment of www', { ...common, phase: 'deploy', extra: 'blue', parameters: `Version=v1\nPublicUrl=${appUrl}/www-blue` }, motoUrl)
  const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: 'www-blue' }))
  const blueOrigin = Stacks[0].Outputs.find((o) => o.OutputKey === 'OriginDomainName').OutputValue
  const { Distribution } = await cloudfront.send(new CreateDistributionCommand({ DistributionConfig: wwwDistribution(blueOrigin) }))
  console.log(`\nThe platform team creates CloudFront distribution ${Distribution.Id} (www.demo.example.com) with its origin app in front of www-blue (${blueOrigin}).`)
  const green = await runAction(
    'Release 4: the CloudFront origin swaps from www-blue to www-green',
    {
      ...common,
      extra: 'green',
      parameters: `Version=v2\nPublicUrl=${appUrl}/www-green`,
      'verify-seconds': '1',
      router: 'cloudfront',
      'distribution-id': Distribution.Id,
      'origin-output': 'OriginDomainName'
    },
    motoUrl
  )
  const { DistributionConfig } = await cloudfront.send(new GetDistributionConfigCommand({ Id: Distribution.Id }))
  const origin = DistributionConfig.Origins.Items.find((o) => o.Id === 'app').DomainName
  const blueLeft = await cloudformation.send(new DescribeStacksCommand({ StackName: 'www-blue' })).then(
    () => 'still exists',
    () => 'was deleted'
  )
  console.log(`\nDistribution ${Distribution.Id} origin app now points at ${origin} (${green['active-stack']}); www-blue ${blueLeft}.`)
}

/** The distribution as a platform team sets it up: an alias, the app's origin (OriginPath /prod, the API's stage) and a second origin that stays. */
function wwwDistribution(appOrigin) {
  const custom = { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only', OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] } }
  return {
    CallerReference: 'www-demo',
    Comment: 'www.demo.example.com',
    Enabled: true,
    Aliases: { Quantity: 1, Items: ['www.demo.example.com'] },
    Origins: {
      Quantity: 2,
      Items: [
        { Id: 'app', DomainName: appOrigin, OriginPath: '/prod', CustomOriginConfig: custom },
        { Id: 'status', DomainName: 'status.demo.example.com', CustomOriginConfig: custom }
      ]
    },
    DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
    CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/status/*', TargetOriginId: 'status', ViewerProtocolPolicy: 'https-only', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' }] }
  }
}

async function main() {
  ensureInstalled()
  const { startMoto } = await import('./moto.mjs')
  const { APIGatewayClient, CreateDomainNameCommand, GetBasePathMappingCommand } = await import('@aws-sdk/client-api-gateway')
  const moto = await startMoto()
  const app = await startApp()
  const appUrl = `http://127.0.0.1:${app.address().port}`
  console.log(`AWS emulator (moto) at ${moto.url}; the app's stand-in at ${appUrl}`)
  console.log(EMULATOR_NOTES)
  try {
    const apigw = new APIGatewayClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' } })
    const domainName = 'api.demo.example.com'
    await apigw.send(
      new CreateDomainNameCommand({
        domainName,
        regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/demo',
        endpointConfiguration: { types: ['REGIONAL'] }
      })
    )
    const common = {
      mode: 'extra-env',
      'stack-name': 'shop',
      template: 'examples/app/template.yaml',
      'domain-name': domainName,
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health\n/posts',
      'verify-seconds': '1'
    }
    const blue = await runAction('Release 1: blue goes live', { ...common, extra: 'blue', parameters: `Version=v1\nPublicUrl=${appUrl}/blue` }, moto.url)
    const green = await runAction('Release 2: green replaces blue', { ...common, extra: 'green', parameters: `Version=v2\nPublicUrl=${appUrl}/green` }, moto.url)
    const mapping = await apigw.send(new GetBasePathMappingCommand({ domainName, basePath: '(none)' }))
    console.log(`\n${domainName} now maps to REST API ${mapping.restApiId} (${green['active-stack']}); blue was ${blue['active-stack']}.`)
    await cloudfrontRelease(moto.url, appUrl)
  } finally {
    app.close()
    await moto.stop()
  }
}

main().catch((err) => {
  console.error(`demo failed: ${err.message}`)
  process.exit(1)
})
