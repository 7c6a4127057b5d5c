import { Command } from 'commander';
import fs from 'node:fs';
import type { CliContext, ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { invitationsRoutes } from './invitations.routes';
import { senderFromEnv } from './invitations.senders';
import { systemClassSheet } from './invitations.sheets';

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

/** Adds `parta invitations sheet --class ID --out FILE` to `parta`. */
export function registerInvitationsCli(cli: CliContext): void {
  const cmd = cli.program.command('invitations').description('invitations');
  cmd.addCommand(
    new Command('sheet')
      .description(
        "print a class's parents' invitation sheet (PDF): personal invitations issued or reused",
      )
      .requiredOption('--class <id>', 'class id')
      .requiredOption('--out <file>', 'PDF file to write')
      .option('--base <url>', 'public URL of Parta (default PARTA_PUBLIC_URL)')
      .action(async (opts: { class: string; out: string; base?: string }) => {
        await cli.withDb(async ({ db, config }) => {
          const base =
            (opts.base ?? config.PARTA_PUBLIC_URL).replace(/\/+$/, '') || 'http://localhost:8080';
          const sheet = await systemClassSheet(db, Number(opts.class), base, new Date());
          fs.writeFileSync(opts.out, sheet.pdf);
          console.log(
            `${opts.out}: ${sheet.slips.length} slips (${sheet.issued} issued, ${sheet.reused} reused)`,
          );
        });
      }),
  );
}
