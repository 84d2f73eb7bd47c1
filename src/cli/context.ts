// What every command shares: the configuration named by the global --config option.
import type { Command } from 'commander';
import { loadConfig } from '../config/loadConfig.ts';
import type { TrousseauConfig } from '../config/types.ts';

/** Load the configuration of `--config` (or the default places). */
export function configOf(program: Command): TrousseauConfig {
  const { config } = program.opts<{ config?: string }>();
  return loadConfig(config ? { file: config } : {});
}
