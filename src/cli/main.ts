// Entry point of the `trousseau` command: parses arguments and runs one command; errors become one clear line.
import { Command } from 'commander';
import { AppError } from '../errors/AppError.ts';
import { registerBootstrap } from './commands/bootstrap.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDirectory } from './commands/directory.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerSchema } from './commands/schema.ts';
import { registerServe } from './commands/serve.ts';
import { registerSupann } from './commands/supann.ts';
import { registerWorker } from './commands/worker.ts';

const program = new Command('trousseau')
  .description('Identity-management portal for LDAP directories (FusionDirectory-compatible)')
  .option('-c, --config <file>', 'configuration file (default: $TROUSSEAU_CONFIG or ./trousseau.yaml)')
  .showHelpAfterError();

registerDemo(program);
registerServe(program);
registerDirectory(program);
registerSchema(program);
registerDoctor(program);
registerBootstrap(program);
registerSupann(program);
registerWorker(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof AppError) {
    console.error(`trousseau: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
