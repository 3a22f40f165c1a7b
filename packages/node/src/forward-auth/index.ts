export { type ForwardAuthListener, forwardAuth } from './forward-auth';
export type { ForwardAuthOptions, ForwardAuthProxy } from './options';
