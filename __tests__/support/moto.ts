import type { AwsClients } from '../../src/aws/clients.js'
import { createClients } from '../../src/aws/all-clients.js'
import { startMoto, type Moto } from '../../scripts/moto.mjs'

export { startMoto, type Moto }
export const REGION = 'us-east-1'

// moto accepts any credentials; the SDK only needs some to sign with.
process.env.AWS_ACCESS_KEY_ID ??= 'testing'
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing'
process.env.AWS_REGION ??= REGION
delete process.env.AWS_PROFILE

export function motoClients(url: string, maxAttempts = 1): AwsClients {
  return createClients({ region: REGION, endpointUrl: url, maxAttempts })
}

/** Starts moto once for a test file, resets it before each test, stops it after the file. */
export function useMoto(): { readonly url: string; readonly clients: AwsClients; readonly moto: Moto } {
  let moto: Moto | undefined
  let clients: AwsClients | undefined
  beforeAll(async () => {
    moto = await startMoto()
    clients = motoClients(moto.url)
  }, 40_000)
  beforeEach(async () => {
    await moto!.reset()
  })
  afterAll(async () => {
    await moto?.stop()
  })
  return {
    get url() {
      return moto!.url
    },
    get clients() {
      return clients!
    },
    get moto() {
      return moto!
    }
  }
}
