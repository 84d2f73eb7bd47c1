// The plugins Trousseau installs, in one list: the registry, REST, OpenAPI and the schema check all follow it.
import type { PluginManifest } from '../model/declarations.ts';
import { aclPlugin } from './acl/index.ts';
import { configurationPlugin } from './configuration/index.ts';
import { corePlugin } from './core/index.ts';
import { mailPlugin } from './mail/index.ts';
import { personalPlugin } from './personal/index.ts';
import { posixPlugin } from './posix/index.ts';
import { ppolicyPlugin } from './ppolicy/index.ts';
import { supannPlugin } from './supann/index.ts';
import { supannExtPlugin } from './supann-ext/index.ts';
import { auditPlugin } from './audit/index.ts';
import { webauthnPlugin } from './webauthn/index.ts';
import { lifecyclePlugin, notificationsPlugin, userReminderPlugin, workflowPlugin } from './workflow/index.ts';

export const installedPlugins: PluginManifest[] = [corePlugin, posixPlugin, mailPlugin, personalPlugin, aclPlugin, configurationPlugin, supannPlugin, supannExtPlugin, workflowPlugin, lifecyclePlugin, notificationsPlugin, userReminderPlugin, auditPlugin, ppolicyPlugin, webauthnPlugin];
