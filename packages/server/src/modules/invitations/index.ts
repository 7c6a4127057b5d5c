import { pluralEn } from '@parta/shared';
import { Command, InvalidArgumentError } from 'commander';
import fs from 'node:fs';
import type { CliContext, ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { invitationsRoutes } from './invitations.routes';
import { senderFromEnv } from './invitations.senders';
import { systemClassSheet, systemStaffSheet } from './invitations.sheets';

/**
 * Invitations (DESIGN §5): links and QR codes that fix role and scope,
 * expire, have a use limit and can be revoked; printable sheets; acceptance
 * counts; messages to people through a pluggable sender and the outbox.
 * Mail settings (`PARTA_SMTP_URL`, `PARTA_SMTP_FROM`) are read and validated
 * here, at registration.
 */
export { onboardingOf } from './invitations.onboarding';
export {
  MailEnv,
  OutboxOnlySender,
  SmtpSender,
  readMailEnv,
  senderFromEnv,
  type MessageSender,
  type OutgoingMessage,
} from './invitations.senders';

/** Registers the invitations routes with the sender `PARTA_SMTP_URL` selects. */
export function registerInvitationsRoutes(app: AppInstance, ctx: ModuleContext): void {
  const sender = senderFromEnv();
  app.addHook('onClose', async () => sender.close());
  invitationsRoutes(app, ctx, sender);
}

function cliBase(opt: string | undefined, configured: string): string {
  return (opt ?? configured).replace(/\/+$/, '') || 'http://localhost:8080';
}

function positiveId(value: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id <= 0)
    throw new InvalidArgumentError('expected a positive number');
  return id;
}

/**
 * Adds `parta invitations sheet --class ID --out FILE` and
 * `parta invitations staff-sheet --org ID --out FILE` to `parta`: each
 * prepares the sheet (issues the missing personal invitations, audited as the
 * system) and writes the PDF; `--no-issue` only prints what is already issued.
 */
export function registerInvitationsCli(cli: CliContext): void {
  const cmd = cli.program.command('invitations').description('invitations');
  const report = (
    out: string,
    sheet: {
      slips: unknown[];
      missing: number;
      prepared: { issued: number; reused: number } | null;
    },
  ) => {
    const slips = `${sheet.slips.length} ${pluralEn(sheet.slips.length, 'slip', 'slips')}`;
    console.log(
      sheet.prepared
        ? `${out}: ${slips} (${sheet.prepared.issued} issued, ${sheet.prepared.reused} reused)`
        : `${out}: ${slips}, ${sheet.missing} without a usable invitation (nothing issued)`,
    );
  };
  cmd.addCommand(
    new Command('sheet')
      .description(
        "print a class's parents' invitation sheet (PDF), issuing the missing personal invitations",
      )
      .requiredOption('--class <id>', 'class id', positiveId)
      .requiredOption('--out <file>', 'PDF file to write')
      .option('--base <url>', 'public URL of Parta (default PARTA_PUBLIC_URL)')
      .option('--no-issue', 'issue nothing: print only the invitations already issued')
      .action(async (opts: { class: number; out: string; base?: string; issue: boolean }) => {
        await cli.withDb(async ({ db, config }) => {
          const sheet = await systemClassSheet(
            db,
            opts.class,
            cliBase(opts.base, config.PARTA_PUBLIC_URL),
            new Date(),
            { issue: opts.issue },
          );
          fs.writeFileSync(opts.out, sheet.pdf);
          report(opts.out, sheet);
        });
      }),
  );
  cmd.addCommand(
    new Command('staff-sheet')
      .description(
        "print an organisation's staff invitation sheet (PDF) for the staff without an account",
      )
      .requiredOption('--org <id>', 'organisation id', positiveId)
      .requiredOption('--out <file>', 'PDF file to write')
      .option('--base <url>', 'public URL of Parta (default PARTA_PUBLIC_URL)')
      .option('--no-issue', 'issue nothing: print only the invitations already issued')
      .action(async (opts: { org: number; out: string; base?: string; issue: boolean }) => {
        await cli.withDb(async ({ db, config }) => {
          const sheet = await systemStaffSheet(
            db,
            opts.org,
            cliBase(opts.base, config.PARTA_PUBLIC_URL),
            new Date(),
            { issue: opts.issue },
          );
          fs.writeFileSync(opts.out, sheet.pdf);
          report(opts.out, sheet);
        });
      }),
  );
}
