import { makeFinding } from '@argus/testing';
import { alertFromFinding } from '../alert';
import { type RenderableAlert } from './alert-view';
import { SLACK_LIMITS, type SlackBlock, escapeMrkdwn, fitMrkdwn, toSlackMessage } from './slack.format';

const base = alertFromFinding(
  makeFinding({ user_id: 'u-42', conversation_id: 'c-7' }),
  new Date('2026-01-01T00:00:05Z'),
);

function texts(blocks: SlackBlock[]): string[] {
  return blocks.flatMap((block) => {
    switch (block.type) {
      case 'header':
        return [block.text.text];
      case 'section':
        return [block.text?.text ?? '', ...(block.fields ?? []).map((field) => field.text)];
      case 'context':
        return block.elements.map((element) => element.text);
      case 'actions':
        return block.elements.map((element) => element.text.text);
    }
  });
}

describe('Slack Block Kit formatter', () => {
  it('renders header, fields, evidence, context and a dashboard button', () => {
    const alert: RenderableAlert = { ...base, occurrences: 12, escalation: 2 };
    const message = toSlackMessage(alert, { dashboardUrl: 'https://argus.example/dashboard' });
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: alert.title, emoji: false },
    });
    const all = texts(message.blocks).join('\n');
    expect(all).toContain('LLM07:2025');
    expect(all).toContain('AML.T0056');
    expect(all).toContain('12 (escalation 2)');
    expect(all).toContain('u-42');
    expect(all).toContain('ARGU…');
    const actions = message.blocks.find((block) => block.type === 'actions');
    expect(actions).toMatchObject({
      elements: [{ type: 'button', style: 'danger' }],
    });
    const url = new URL((actions as Extract<SlackBlock, { type: 'actions' }>).elements[0].url);
    expect(url.origin + url.pathname).toBe('https://argus.example/dashboard');
    expect(url.searchParams.get('alert_id')).toBe(alert.alert_id);
    expect(message.text).toContain('[CRITICAL]');
  });

  it('has no button without a dashboard URL and counts a single finding as 1', () => {
    const message = toSlackMessage(base);
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(texts(message.blocks).join('\n')).toContain('*Occurrences*\n1');
  });

  it('escapes &, < and > so evidence cannot ping @channel or forge a link', () => {
    expect(escapeMrkdwn('a & <!channel> <https://evil|click>')).toBe(
      'a &amp; &lt;!channel&gt; &lt;https://evil|click&gt;',
    );
    const alert = { ...base, summary: 'see <!here> & <http://x|y>', evidence: '<b>`rm`</b>' };
    const all = texts(toSlackMessage(alert).blocks).join('\n');
    expect(all).not.toMatch(/<[!h]/);
    expect(all).toContain('&lt;!here&gt; &amp; &lt;http://x|y&gt;');
    expect(all).toContain('```&lt;b&gt;ˋrmˋ&lt;/b&gt;```');
  });

  it('keeps every text within the Block Kit limits, even after escaping', () => {
    const huge = '<&>'.repeat(5000);
    const alert = { ...base, title: 'T'.repeat(400), summary: huge, evidence: huge, user_id: huge };
    const message = toSlackMessage(alert, { dashboardUrl: 'https://argus.example/' });
    for (const block of message.blocks) {
      if (block.type === 'header')
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === 'section') {
        expect((block.text?.text ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect((block.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const field of block.fields ?? [])
          expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
    }
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(fitMrkdwn('<<<<', 7)).toBe('&lt;…');
  });
});
