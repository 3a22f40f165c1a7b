export { type FilteredHandler, filterRequest, withFilters } from './with-filters';
