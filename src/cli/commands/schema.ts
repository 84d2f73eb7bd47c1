// `trousseau schema check|install|print`: compare a server's schema with Trousseau's, add what is missing, or print LDIF.
import type { Command } from 'commander';
import { describeProblem, type SchemaCheckReport } from '../../schema/checkServerSchema.ts';
import { openGateway } from '../../services/openGateway.ts';
import { checkSchemas, installSchemas, requiredSchemas, schemasLdif } from '../../services/schemaTools.ts';
import { configOf } from '../context.ts';
import { resolveTarget, withTargetOptions, type TargetOptions } from '../target.ts';

type SchemaOptions = TargetOptions & { schemas?: string };
const namesOf = (o: SchemaOptions) => o.schemas?.split(',').map((s) => s.trim()).filter(Boolean);

function printReport(report: SchemaCheckReport, where: string): void {
  console.log(`Schema of ${where}:`);
  const width = Math.max(...report.schemas.map((s) => s.name.length));
  for (const s of report.schemas) {
    const count = s.problems.length;
    console.log(`  ${s.name.padEnd(width)}  ${s.status}${count ? ` (${count} problem${count > 1 ? 's' : ''})` : ''}`);
  }
  for (const p of report.problems) console.log(describeProblem(p));
  if (report.ok) console.log('Everything Trousseau needs is there.');
  else
    console.log(
      `${report.problems.length} problem(s). \`trousseau schema install\` adds the missing schemas; \`trousseau schema print\` writes their LDIF for a server Trousseau cannot write to.`,
    );
}

export function registerSchema(program: Command): void {
  const schema = program.command('schema').description('LDAP schemas Trousseau needs: check, install, print');
  const schemasOption = ['-s, --schemas <names>', 'comma-separated schema names (default: every schema Trousseau ships)'] as const;

  withTargetOptions(schema.command('check').description('report every class and attribute that is missing or different; exit 1 if any').option(...schemasOption)).action(
    async (o: SchemaOptions) => {
      const target = resolveTarget(configOf(program), o);
      const gateway = openGateway(target);
      try {
        const { report } = await checkSchemas(gateway, requiredSchemas(namesOf(o)));
        printReport(report, target.uris.join(', '));
        if (!report.ok) process.exitCode = 1;
      } finally {
        await gateway.close();
      }
    },
  );

  withTargetOptions(
    schema
      .command('install')
      .description('add the missing schemas to cn=config (needs write access to cn=config: ldapi:// as root, or --bind-dn)')
      .option(...schemasOption),
  ).action(async (o: SchemaOptions) => {
    const target = resolveTarget(configOf(program), o);
    const gateway = openGateway(target);
    try {
      const schemas = requiredSchemas(namesOf(o));
      const result = await installSchemas(gateway, schemas);
      for (const name of result.installed) console.log(`installed ${name}`);
      if (result.installed.length === 0) console.log('Nothing to install.');
      const { report } = await checkSchemas(gateway, schemas);
      if (!report.ok) {
        printReport(report, target.uris.join(', '));
        process.exitCode = 1;
      }
    } finally {
      await gateway.close();
    }
  });

  schema
    .command('print')
    .description('write the schemas as cn=config LDIF (for ldapadd, or servers Trousseau cannot write to)')
    .option(...schemasOption)
    .action((o: SchemaOptions) => {
      process.stdout.write(schemasLdif(requiredSchemas(namesOf(o))));
    });
}
