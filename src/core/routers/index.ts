import type { Context } from '../../context.js'
import { InputError } from '../../errors.js'
import type { DoorInputs } from '../inputs.js'
import type { Router } from '../router.js'

/**
 * The front door the inputs name, its code loaded only when it is the one in use (each router pulls in
 * its SDK clients' code, which every job would otherwise pay for at start-up). `app` is stack-name (the
 * route53 router knows its own weighted records by it).
 */
export async function createRouter(ctx: Context, door: DoorInputs, region: string, app?: string): Promise<Router> {
  switch (door.router) {
    case 'api-gateway':
      return new (await import('./api-gateway.js')).ApiGatewayRouter(ctx, door, region) as Router
    case 'cloudfront':
      return new (await import('./cloudfront.js')).CloudFrontRouter(ctx, door, region) as Router
    case 'route53':
      return new (await import('./route53.js')).Route53Router(ctx, door, app) as Router
    case 'alb':
      return new (await import('./alb.js')).AlbRouter(ctx, door, region) as Router
    case 'target-group':
      return new (await import('./target-group.js')).TargetGroupRouter(ctx, door, region) as Router
    default:
      // every router is built in; a door of another kind can only come from an unchecked caller
      throw new InputError('router', `${(door as { router: string }).router} is not available in this build`)
  }
}
