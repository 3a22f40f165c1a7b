export {
  type ForwardAuthListener,
  type ForwardAuthOptions,
  type ForwardAuthProxy,
  forwardAuth,
} from './forward-auth';
export type { Host } from './host';
export { authorityOf, originForm } from './request-target';
export { runFilters } from './run-filters';
export { type FilteredListener, type RequestListener, withFilters } from './with-filters';
