import { type RenderableAlert, alertLink, categoryTitle, occurrencesOf } from './alert-view';

/** Block Kit limits (Slack API reference): a message over them is rejected with `invalid_blocks`. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  buttonUrl: 3000,
  blocks: 50,
} as const;

type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
type Markdown = { type: 'mrkdwn'; text: string };
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text?: Markdown; fields?: Markdown[] }
  | { type: 'context'; elements: Markdown[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: PlainText; url: string; action_id: string; style?: 'danger' }[];
    };
export type SlackMessage = { text: string; blocks: SlackBlock[] };

export type SlackFormatOptions = { dashboardUrl?: string };

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters (links, mentions); they must be entities. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text` escaped and cut to at most `limit` characters AFTER escaping, never inside an entity: an
 * escaped string grows, so cutting the raw text to the limit is not enough.
 */
export function fitMrkdwn(text: string, limit: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= limit) return escaped;
  let out = '';
  for (const character of text) {
    const piece = escapeMrkdwn(character);
    if (out.length + piece.length > limit - 1) break;
    out += piece;
  }
  return `${out}…`;
}

function fitPlain(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

const SEVERITY_BADGE: Record<RenderableAlert['severity'], string> = {
  info: ':information_source:',
  low: ':large_blue_circle:',
  medium: ':large_yellow_circle:',
  high: ':large_orange_circle:',
  critical: ':red_circle:',
};

/**
 * An incoming-webhook message in Block Kit: header (the title), a summary section, up to ten fields
 * (severity, category, tenant/app, OWASP, ATLAS, occurrences, first/last seen, rule, user), the redacted
 * evidence, a context line with the ids, and a button to the dashboard. Every text is within Slack's
 * limits and every mrkdwn text is escaped; `text` is the notification fallback.
 */
export function toSlackMessage(alert: RenderableAlert, options: SlackFormatOptions = {}): SlackMessage {
  const occurrences = occurrencesOf(alert);
  const field = (label: string, value: string): Markdown => ({
    type: 'mrkdwn',
    text: `*${label}*\n${fitMrkdwn(value, SLACK_LIMITS.fieldText - label.length - 3)}`,
  });
  const fields = [
    field('Severity', alert.severity.toUpperCase()),
    field('Category', `${categoryTitle(alert)} (${alert.category})`),
    field('Tenant / app', `${alert.tenant_id} / ${alert.app_id}`),
    field('OWASP LLM', alert.owasp),
    field('MITRE ATLAS', alert.atlas.join(', ') || '-'),
    field(
      'Occurrences',
      alert.escalation ? `${occurrences} (escalation ${alert.escalation})` : `${occurrences}`,
    ),
    field('First seen', alert.first_seen),
    field('Last seen', alert.last_seen),
    field('Rule', `${alert.detector} / ${alert.rule_id}`),
    ...(alert.user_id !== undefined ? [field('User', alert.user_id)] : []),
  ].slice(0, SLACK_LIMITS.fields);

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: fitPlain(alert.title, SLACK_LIMITS.headerText), emoji: false },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${SEVERITY_BADGE[alert.severity]} ${fitMrkdwn(alert.summary, SLACK_LIMITS.sectionText - 40)}`,
      },
    },
    { type: 'section', fields },
  ];
  if (alert.evidence !== '') {
    // Evidence is already redacted; a code span keeps it from being read as formatting. Backticks inside
    // would close the span, so they become a look-alike.
    const label = '*Evidence (redacted)*\n';
    const evidence = fitMrkdwn(
      alert.evidence.replace(/`/g, 'ˋ'),
      SLACK_LIMITS.sectionText - label.length - 8,
    );
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${label}\`\`\`${evidence}\`\`\`` } });
  }
  const context = [
    alert.group?.kind === 'summary'
      ? `summary of the window ${alert.group.window_start} – ${alert.group.window_end}`
      : alert.group?.kind === 'escalation'
        ? 'escalation: the incident keeps growing'
        : undefined,
    `alert ${alert.alert_id}`,
    alert.conversation_id !== undefined ? `conversation ${alert.conversation_id}` : undefined,
    `${alert.finding_ids.length} finding id${alert.finding_ids.length === 1 ? '' : 's'}`,
  ].filter((part): part is string => part !== undefined);
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: fitMrkdwn(context.join(' · '), SLACK_LIMITS.sectionText) }],
  });
  const link = alertLink(options.dashboardUrl, alert);
  if (link !== undefined && link.length <= SLACK_LIMITS.buttonUrl) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Argus' },
          url: link,
          action_id: 'argus_open_alert',
          ...(alert.severity === 'critical' ? { style: 'danger' as const } : {}),
        },
      ],
    });
  }
  return {
    text: fitMrkdwn(`[${alert.severity.toUpperCase()}] ${alert.title}`, SLACK_LIMITS.sectionText),
    blocks,
  };
}
