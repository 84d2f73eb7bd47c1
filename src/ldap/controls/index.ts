// Request and response controls ldapts lacks, and the collector that lets us read response controls.
export { AssertionControl } from './AssertionControl.ts';
export { PasswordPolicyControl, type PasswordPolicyError, type PasswordPolicyResponseValue, decodePasswordPolicyResponse } from './PasswordPolicyControl.ts';
export { ResponseControlCollector } from './ResponseControlCollector.ts';
export { ServerSideSortingResponseControl, type ServerSideSortingResponseValue } from './ServerSideSortingResponseControl.ts';
export { VirtualListViewRequestControl, type VirtualListViewRequestValue, type VlvTarget } from './VirtualListViewRequestControl.ts';
export { VirtualListViewResponseControl, type VirtualListViewResponseValue } from './VirtualListViewResponseControl.ts';
