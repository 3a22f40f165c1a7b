export { FetchStream, type Handler } from './fetch-stream';
export { type FilteredHandler, filterRequest, withFilters } from './with-filters';
