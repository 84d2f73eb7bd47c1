// Every REST v1 endpoint, addressed as FusionDirectory routes: first path element, method, number of remaining elements.
import { addValues, deleteAttribute, getAttribute, putAttribute, removeValues } from './attributeEndpoints.ts';
import type { EndpointTable } from './Endpoint.ts';
import { createObject, deleteObject, deleteTab, getObjectTabs, getTab, listObjects, patchObject, patchTab } from './objectEndpoints.ts';
import { directories, login, logout, token } from './sessionEndpoints.ts';
import { getTabInfo, getType, listTypes } from './typeEndpoints.ts';
import { openApiHtmlEndpoint, openApiJsonEndpoint, openApiYamlEndpoint } from './openApiEndpoints.ts';
import { archiveObject, getRecoveryToken, putRecovery } from './unavailableEndpoints.ts';
import { getUserLock, putUserLock } from './userLockEndpoints.ts';

export const ENDPOINTS: EndpointTable = {
  // FusionDirectory accepts any method on /login.
  login: { '*': { 0: login } },
  logout: { POST: { 0: logout } },
  token: { GET: { 0: token } },
  directories: { GET: { 0: directories } },
  types: { GET: { 0: listTypes, 1: getType, 2: getTabInfo } },
  objects: {
    GET: { 1: listObjects, 2: getObjectTabs, 3: getTab, 4: getAttribute },
    POST: { 1: createObject },
    PATCH: { 2: patchObject, 3: patchTab, 5: addValues },
    PUT: { 4: putAttribute },
    DELETE: { 2: deleteObject, 3: deleteTab, 4: deleteAttribute, 5: removeValues },
  },
  userlock: { GET: { 1: getUserLock }, PUT: { 1: putUserLock } },
  archive: { POST: { 2: archiveObject } },
  recovery: { GET: { 0: getRecoveryToken }, PUT: { 0: putRecovery } },
  'openapi.yaml': { GET: { 0: openApiYamlEndpoint } },
  'openapi.json': { GET: { 0: openApiJsonEndpoint } },
  // Our addition: a browsable page of the document.
  'openapi.html': { GET: { 0: openApiHtmlEndpoint } },
};
