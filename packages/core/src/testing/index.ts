export {
  type FakeBody,
  type FakeHeaders,
  type FakeRequest,
  type FakeResponse,
  FakeStream,
  type LogLine,
  type ObservedRequest,
  type ObservedResponse,
} from './fake-stream';
export { type ObservedLocalReply, type RunOptions, type RunResult, runFilter } from './run-filter';
