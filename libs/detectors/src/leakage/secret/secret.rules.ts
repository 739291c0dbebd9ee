import { assigned, prefixed, proseValue, startsWord, type SecretRule } from './secret.rule';
import { isDecodableJwt } from './jwt';

const B62 = '[A-Za-z0-9]';
const URLSAFE = '[A-Za-z0-9_-]';
const HEX = '[a-f0-9]';
const HEX_ANY = '[a-fA-F0-9]';
const B64 = '[A-Za-z0-9+/]';

/** Numbers, hex literals and e-mail addresses assigned to secret-sounding names are not secrets. */
function notCodeLiteral(value: string, match: RegExpExecArray): boolean {
  if (/^(?:\d+|0x[0-9a-f]+)$/i.test(value)) return false;
  const after = match.input.charAt(match.index + match[0].length);
  if (after === '@') return false;
  const before = match.input.charAt(match.index + match[0].length - value.length - 1);
  return /["'`>]/.test(before) || !isCodeExpression(value);
}

/**
 * An unquoted value that is code rather than a literal: a call or subscript (`os.environ[`,
 * `getpass.getpass(`), a dotted path of identifiers (`settings.DB_PASSWORD`), or a lower-case
 * identifier (`confirm_password:`, `minimum_length`) — a variable, not its content.
 */
function isCodeExpression(value: string): boolean {
  const bare = value.replace(/:$/, '');
  if (/[([]/.test(bare)) return true;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(bare) && !/\d/.test(bare)) return true;
  return /^[a-z_]+$/.test(bare) && bare.includes('_');
}

/**
 * Hosts reserved for documentation and tests (RFC 2606 / RFC 6761): a URL pointing there is an example,
 * whatever its password looks like.
 */
function realHost(_value: string, match: RegExpExecArray): boolean {
  const host = (match.groups?.host ?? '').toLowerCase();
  return !/(?:^|\.)example(?:\.(?:com|net|org))?$|\.(?:test|invalid)$/.test(host);
}

/**
 * Credentials in URLs: `scheme://user:password@host`, one rule per scheme family. The login may be an
 * e-mail address (`smtps://me@mail.test:pw@smtp.host`); the placeholder allowlist looks at the password
 * only, and the host must not be a documentation domain.
 */
function connectionString(id: string, description: string, schemes: readonly string[]): SecretRule {
  return {
    id,
    description,
    keywords: schemes.map((scheme) => `${scheme}://`),
    pattern: new RegExp(
      `(?<![A-Za-z0-9+])(?:${schemes.map((scheme) => scheme.replace(/\+/g, '\\+')).join('|')})://[^\\s:/'"]{1,64}:([^\\s@/'"]{3,128})@(?<host>[A-Za-z0-9.-]{1,253})`,
      'gi',
    ),
    severityShift: 1,
    placeholderScope: 'value',
    validate: realHost,
  };
}

/**
 * `ID/PW: admin/s3cret`, `user/pass: a,b`: a compound name (a word and a password name joined by `/`
 * or `:`) followed by a compound value. The labelled data this detector is measured against (CredSweeper's
 * expected output) rejects this notation: the value is a login and a password run together, so the
 * candidate is not the credential. `ID: admin / PW: s3cret` (the password alone after its name) is kept.
 */
function notPairNotation(value: string, match: RegExpExecArray): boolean {
  const before = match.input.charAt(match.index - 1);
  if (before !== '/' && before !== ':') return true;
  if (/[/,:]/.test(value)) return false;
  const after = match.input.slice(match.index + match[0].length, match.index + match[0].length + 3);
  return !/^\s{0,1}[/,:]/.test(after);
}

/**
 * English words that begin like a password setting (`passage`, `passionate`, `passport`, `compass`) do
 * not name one; `dbpass`, `MYSQLPASS`, `passwd`, `passphrase` do.
 */
function passwordNameStart(text: string, index: number): boolean {
  const word = /^[A-Za-z]*/.exec(text.slice(index, index + 16))?.[0].toLowerCase() ?? '';
  if (/^pass(?:age|enger|ion|iv|port|ed|es|ing|able|erby|over|ant)/.test(word)) return false;
  return !/(?:by|com|sur|tres)$/i.test(text.slice(Math.max(0, index - 4), index));
}

const GENERIC_NAME =
  /^(?:api[_-]?key|apikey|api|key|access[_-]?key|secret(?:[_-]?key)?|client[_-]?secret|auth[_-]?token|access[_-]?token|auth|token|credential|private[_-]?key)/i;
/** Words after the name that make it describe the credential rather than hold it (`apiVersion`, `token_url`). */
const METADATA_SUFFIX =
  /^(?:version|ver|url|uri|endpoint|host|name|type|id|ids|count|length|len|size|limit|format|header|path|file|dir|layout|expir\w*|ttl|timeout|prefix|mode|env|region|index|enabled?|field|usage|max|min|status|ref|source|provider|rotation|hint|label|policy|scope|store|vault|manager|service|client|request|response)(?![a-z])/i;
/** Words before `key` / `token` that make it a data-structure or paging term (`primaryKey`, `pageToken`). */
const NON_SECRET_QUALIFIER =
  /(?:primary|foreign|sort|partition|cache|public|lookup|row|map|hash|idempotency|dedup|unique|composite|i18n|translation|object|index|route|react|shortcut|hot|registry|page|next|prev|previous|continuation|sync|cancellation|cancel|pagination|max|input|output|total|prompt|completion|eos|bos|pad|special|sep|unk|mask|cls)[_.-]?$/i;

/**
 * The name of a generic key assignment must hold the credential: `api_key`, `clientSecret`,
 * `AUTH_TOKEN`, `credentials`, not `tokenizer`, `apiVersion`, `token_url`, `primaryKey`, `max_tokens`.
 */
function genericKeyName(_value: string, match: RegExpExecArray): boolean {
  const identifier = /^[A-Za-z0-9_.-]*/.exec(match[0])?.[0] ?? '';
  const name = GENERIC_NAME.exec(identifier)?.[0] ?? '';
  const rest = identifier.slice(name.length);
  // A lower-case letter right after the name continues the word (`tokenizer`, `keyboard`) unless it is a plural `s`.
  if (/^[a-z]/.test(rest) && !/^s(?![a-z])/.test(rest)) return false;
  const following = rest.replace(/^s?[_.-]*/, '');
  if (
    /^api$/i.test(name) &&
    following.length > 0 &&
    !/^(?:key|secret|token|pass|auth|cred|sig)/i.test(following)
  )
    return false;
  if (METADATA_SUFFIX.test(following)) return false;
  const before =
    /[A-Za-z0-9_.-]{0,24}$/.exec(match.input.slice(Math.max(0, match.index - 24), match.index))?.[0] ?? '';
  return !NON_SECRET_QUALIFIER.test(before);
}

/**
 * The body of a PEM block that can be key material: armour headers (`Proc-Type:`, `Version:`) and the
 * PGP checksum line aside, it holds base64; a body of placeholders (`...`, `<your key>`) is a template,
 * and 64+ characters that are not shaped like random base64 (about 40 % upper case, 40 % lower case,
 * 15 % digits) are typed filler, such as a keyboard mash in a test fixture.
 */
function plausibleKeyBody(body: string): boolean {
  const lines = body
    .split(/\r?\n/)
    .filter((line) => !line.includes(':') && !/^=[A-Za-z0-9+/]{4}$/.test(line.trim()));
  const joined = lines.join('').replace(/\s+/g, '');
  const runs = joined.match(/[A-Za-z0-9+/]{16,}/g) ?? [];
  if (!runs.some((run) => /\d/.test(run) || (/[A-Z]/.test(run) && /[a-z]/.test(run)))) return false;
  if (joined.length < 64 || !/^[A-Za-z0-9+/=]+$/.test(joined)) return true;
  const share = (pattern: RegExp) => (joined.match(pattern)?.length ?? 0) / joined.length;
  return share(/[A-Z]/g) >= 0.2 && share(/[a-z]/g) >= 0.2 && share(/\d/g) >= 0.04;
}

/** Byte-array key literals: at least 8 bytes (64 bits) with 6 different values, so `{0x48, 0x69}` is not one. */
function keyBytes(value: string): boolean {
  const bytes = value.split(',').map((item) => item.trim().toLowerCase());
  return bytes.length >= 8 && new Set(bytes).size >= 6;
}

/**
 * Salesforce ids carry their type in the first three characters (`00D` = organisation); the 18-character
 * form appends a checksum of the letter case of the first 15 (one character per 5, A–Z then 0–5), so an
 * 18-character id must pass it.
 */
function salesforceOrgId(value: string, match: RegExpExecArray): boolean {
  const line = lineAround(match.input, match.index);
  if (!/org/i.test(line)) return false;
  if (value.length !== 18) return true;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let index = 0; index < 5; index++) {
      const code = value.charCodeAt(chunk * 5 + index);
      if (code >= 65 && code <= 90) flags |= 1 << index;
    }
    if (value.charAt(15 + chunk).toUpperCase() !== alphabet[flags]) return false;
  }
  return true;
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? text.length : end);
}

/** The base64 spellings of `"kty"` at the three byte alignments (each stable over its 6 characters). */
const KTY_BASE64 = ['Imt0eS', 'JrdHki', 'ia3R5I'];

/** Base64 that decodes to JSON Web Key text with a private member (`d`, `k`, `p`, `q`). */
function base64PrivateJwk(value: string): boolean {
  const decoded = Buffer.from(value.replace(/[^A-Za-z0-9+/_-]/g, ''), 'base64').toString('latin1');
  return /"kty"/.test(decoded) && /"(?:d|k|p|q|dp|dq|qi)"\s{0,8}:\s{0,8}"[A-Za-z0-9_-]{16,}/.test(decoded);
}

/**
 * A lone `"kty"` member, as when a JSON Web Key is split over lines or messages: reported (low
 * confidence) only when nothing else of the key is in sight. A whole key is judged by its members: a
 * private one by `json-web-key-private-member`, a public one (`n`/`e`, `x`/`y` only) not at all.
 */
function loneKeyType(_value: string, match: RegExpExecArray): boolean {
  // One look per text, however many `"kty"` it holds (the last text's answer is kept).
  if (match.input !== lastKeyText) {
    lastKeyText = match.input;
    lastKeyTextHasMembers = /"(?:n|e|x|y|crv|d|k|p|q|dp|dq|qi|use|alg|kid)"\s{0,4}:/.test(match.input);
  }
  return !lastKeyTextHasMembers;
}

let lastKeyText = '';
let lastKeyTextHasMembers = false;

const CLOUD: readonly SecretRule[] = [
  prefixed('aws-access-key-id', 'AWS access key id', 'AKIA', '[A-Z2-7]{16}'),
  prefixed('aws-temporary-access-key-id', 'AWS STS temporary access key id', 'ASIA', '[A-Z2-7]{16}'),
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key next to its name',
    keywords: ['secret'],
    pattern:
      /(?:aws.{0,20})?secret(?:[_ -]?access)?(?:[_ -]?key)?["']?\s{0,4}(?:[:=]|=>|\s)\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    minEntropy: 3.5,
    severityShift: 1,
  },
  assigned(
    'aws-session-token',
    'AWS session token',
    ['session_token', 'sessiontoken'],
    'aws_?session_?token',
    `${B64}{100,1200}={0,2}`,
  ),
  prefixed(
    'aws-mws-key',
    'Amazon MWS auth token',
    'amzn.mws.',
    '[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}',
  ),
  prefixed('gcp-api-key', 'Google Cloud API key', 'AIza', `${URLSAFE}{35}`),
  prefixed('gcp-oauth-client-secret', 'Google OAuth client secret', 'GOCSPX-', `${URLSAFE}{28}`),
  prefixed('google-oauth-access-token', 'Google OAuth access token', 'ya29.', `${URLSAFE}{30,400}`),
  {
    id: 'gcp-service-account-key',
    description: 'Google Cloud service-account key file (private_key_id)',
    keywords: ['private_key_id'],
    pattern: /"private_key_id"\s{0,4}:\s{0,4}"([a-f0-9]{40})"/g,
    severityShift: 1,
  },
  assigned(
    'azure-storage-account-key',
    'Azure storage account key',
    ['accountkey'],
    'AccountKey',
    `${B64}{86}==`,
    { severityShift: 1 },
  ),
  assigned(
    'azure-shared-access-key',
    'Azure Service Bus / Event Hubs shared access key',
    ['sharedaccesskey'],
    'SharedAccessKey',
    `${B64}{43}=`,
  ),
  {
    id: 'azure-sas-token',
    description: 'Azure shared access signature',
    keywords: ['sig='],
    pattern: /[?&]sv=\d{4}-\d{2}-\d{2}[^\s"']{0,300}?&sig=([A-Za-z0-9%+/]{40,100})/g,
  },
  {
    id: 'azure-ad-client-secret',
    description: 'Microsoft Entra ID (Azure AD) client secret',
    keywords: ['q~'],
    pattern: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
  },
  prefixed(
    'digitalocean-personal-access-token',
    'DigitalOcean personal access token',
    'dop_v1_',
    `${HEX}{64}`,
  ),
  prefixed('digitalocean-oauth-token', 'DigitalOcean OAuth token', 'doo_v1_', `${HEX}{64}`),
  prefixed('digitalocean-refresh-token', 'DigitalOcean refresh token', 'dor_v1_', `${HEX}{64}`),
  prefixed('alibaba-access-key-id', 'Alibaba Cloud AccessKey id', 'LTAI', `${B62}{12,20}`),
  assigned(
    'okta-api-token',
    'Okta API token next to an Okta setting',
    ['okta'],
    'okta[A-Za-z0-9_.-]{0,20}(?:token|key|secret)',
    `00${URLSAFE}{40}`,
  ),
  prefixed('heroku-api-key-v2', 'Heroku API key', 'HRKU-', `${URLSAFE}{30,80}`),
  assigned(
    'heroku-api-key',
    'Heroku API key (UUID)',
    ['heroku'],
    'heroku',
    `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`,
  ),
  prefixed('hashicorp-vault-service-token', 'HashiCorp Vault service token', 'hvs.', `${URLSAFE}{24,200}`),
  prefixed('hashicorp-vault-batch-token', 'HashiCorp Vault batch token', 'hvb.', `${URLSAFE}{24,300}`),
  {
    id: 'terraform-cloud-token',
    description: 'Terraform Cloud / Enterprise API token',
    keywords: ['.atlasv1.'],
    pattern: /(?<![A-Za-z0-9])([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,90})/g,
  },
  prefixed('pulumi-access-token', 'Pulumi access token', 'pul-', `${HEX}{40}`),
  prefixed('databricks-token', 'Databricks personal access token', 'dapi', `${HEX}{32}(?:-\\d)?`),
  prefixed('fly-io-token', 'Fly.io access token', 'fo1_', `${URLSAFE}{43}`),
  prefixed('dynatrace-token', 'Dynatrace API token', 'dt0c01.', '[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  prefixed('new-relic-user-key', 'New Relic user API key', 'NRAK-', '[A-Z0-9]{27}'),
  prefixed('new-relic-insert-key', 'New Relic insights insert key', 'NRII-', `${URLSAFE}{32}`),
  prefixed('cloudflare-origin-ca-key', 'Cloudflare Origin CA key', 'v1.0-', `${HEX}{24}-${HEX}{146}`),
  prefixed('yandex-api-key', 'Yandex Cloud API key', 'AQVN', `${URLSAFE}{35,38}`),
  prefixed('doppler-personal-token', 'Doppler personal token', 'dp.pt.', `${B62}{40,44}`),
  prefixed('doppler-service-token', 'Doppler service token', 'dp.st.', `[a-z0-9_-]{2,35}\\.${B62}{40,44}`),
  prefixed('planetscale-token', 'PlanetScale service token', 'pscale_tkn_', '[A-Za-z0-9_.-]{32,64}'),
  prefixed('planetscale-password', 'PlanetScale database password', 'pscale_pw_', '[A-Za-z0-9_.-]{32,64}'),
  prefixed('supabase-personal-token', 'Supabase personal access token', 'sbp_', `(?:v0_)?${HEX}{40}`),
  prefixed('supabase-secret-key', 'Supabase secret API key', 'sb_secret_', `${URLSAFE}{20,64}`),
  prefixed('grafana-cloud-token', 'Grafana Cloud API token', 'glc_', '[A-Za-z0-9+/]{32,400}={0,2}'),
  prefixed(
    'grafana-service-account-token',
    'Grafana service account token',
    'glsa_',
    `${B62}{32}_${HEX_ANY}{8}`,
  ),
  prefixed('grafana-api-key', 'Grafana API key (base64 JSON with "k")', 'eyJrIjoi', `${B64}{40,400}={0,2}`),
  prefixed('sonarqube-token', 'SonarQube token', 'sqp_', `${HEX}{40}`),
  prefixed('sonarqube-user-token', 'SonarQube user token', 'squ_', `${HEX}{40}`),
  prefixed('sonarqube-analysis-token', 'SonarQube global analysis token', 'sqa_', `${HEX}{40}`),
  prefixed('jfrog-api-key', 'JFrog Artifactory API key', 'AKCp', `${B62}{60,80}`),
  prefixed('jfrog-reference-token', 'JFrog reference token', 'cmVmdGtu', `${B62}{56}`),
  prefixed(
    'age-secret-key',
    'age encryption secret key',
    'AGE-SECRET-KEY-1',
    '[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
  ),
];

const SOURCE_CONTROL: readonly SecretRule[] = [
  prefixed('github-personal-access-token', 'GitHub classic personal access token', 'ghp_', `${B62}{36}`, {
    severityShift: 1,
  }),
  prefixed('github-oauth-token', 'GitHub OAuth access token', 'gho_', `${B62}{36}`),
  prefixed('github-user-to-server-token', 'GitHub App user-to-server token', 'ghu_', `${B62}{36}`),
  // Classic opaque form, and the stateless form GitHub issues from April 2026: ghs_<app id>_<JWT>
  // (about 520 characters of [A-Za-z0-9._-]; its JWT is GitHub's own and is not validated here).
  prefixed(
    'github-app-installation-token',
    'GitHub App installation token',
    'ghs_',
    `(?:\\d{1,12}_eyJ${URLSAFE}{8,1000}\\.${URLSAFE}{8,2000}\\.${URLSAFE}{0,1000}|${B62}{36})`,
  ),
  prefixed('github-refresh-token', 'GitHub refresh token', 'ghr_', `${B62}{36,76}`),
  prefixed(
    'github-fine-grained-token',
    'GitHub fine-grained personal access token',
    'github_pat_',
    `${B62}{22}_${B62}{59}`,
    { severityShift: 1 },
  ),
  prefixed(
    'gitlab-personal-access-token',
    'GitLab personal/project/group access token',
    'glpat-',
    '[A-Za-z0-9_.-]{20,64}',
    { severityShift: 1 },
  ),
  prefixed('gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', 'glptt-', `${HEX}{40}`),
  prefixed(
    'gitlab-runner-registration-token',
    'GitLab runner registration token (legacy)',
    'GR1348941',
    `${URLSAFE}{20}`,
  ),
  prefixed(
    'gitlab-runner-authentication-token',
    'GitLab runner authentication token',
    'glrt-',
    `${URLSAFE}{20,64}`,
  ),
  prefixed('gitlab-runner-routable-token', 'GitLab routable runner token', 'glrtr-', `${URLSAFE}{20,64}`),
  prefixed('gitlab-deploy-token', 'GitLab deploy token', 'gldt-', `${URLSAFE}{20,64}`),
  prefixed('gitlab-feed-token', 'GitLab feed token', 'glft-', `${URLSAFE}{20,64}`),
  prefixed(
    'gitlab-oauth-application-secret',
    'GitLab OAuth application secret',
    'gloas-',
    `${URLSAFE}{20,80}`,
  ),
  prefixed('gitlab-scim-token', 'GitLab SCIM token', 'glsoat-', `${URLSAFE}{20,64}`),
  prefixed('gitlab-ci-job-token', 'GitLab CI/CD job token', 'glcbt-', `${URLSAFE}{20,64}`),
  prefixed('gitlab-incoming-mail-token', 'GitLab incoming mail token', 'glimt-', `${URLSAFE}{20,64}`),
  prefixed('gitlab-agent-token', 'GitLab agent for Kubernetes token', 'glagent-', `${URLSAFE}{40,100}`),
  prefixed(
    'gitlab-feature-flag-client-token',
    'GitLab feature flags client token',
    'glffct-',
    `${URLSAFE}{20,64}`,
  ),
  prefixed('gitlab-workspace-token', 'GitLab workspace token', 'glwt-', `${URLSAFE}{20,64}`),
  assigned(
    'gitlab-session-cookie',
    'GitLab session cookie',
    ['_gitlab_session'],
    '_gitlab_session',
    `${HEX}{32}`,
  ),
  prefixed('bitbucket-app-password', 'Bitbucket app password', 'ATBB', `${B62}{32}`),
  prefixed(
    'bitbucket-access-token',
    'Bitbucket repository/project access token',
    'ATCTT3xFfGN0',
    '[A-Za-z0-9_=-]{150,250}',
  ),
  prefixed('atlassian-api-token', 'Atlassian API token', 'ATATT3xFfGF0', '[A-Za-z0-9_=-]{150,250}'),
  prefixed('npm-access-token', 'npm access token', 'npm_', `${B62}{36}`),
  prefixed('pypi-api-token', 'PyPI API token', 'pypi-AgEIcHlwaS5vcmc', `${URLSAFE}{50,250}`),
  prefixed('rubygems-api-key', 'RubyGems API key', 'rubygems_', `${HEX}{48}`),
  prefixed('nuget-api-key', 'NuGet API key', 'oy2', '[a-z0-9]{43}'),
  prefixed('clojars-deploy-token', 'Clojars deploy token', 'CLOJARS_', '[a-z0-9]{60}', { flags: 'i' }),
  prefixed('docker-hub-personal-token', 'Docker Hub personal access token', 'dckr_pat_', `${URLSAFE}{27}`),
  prefixed('readme-api-key', 'ReadMe API key', 'rdme_', '[a-z0-9]{70}'),
  prefixed('prefect-api-key', 'Prefect API key', 'pnu_', `${B62}{36}`),
  prefixed('linear-api-key', 'Linear API key', 'lin_api_', `${B62}{40}`),
  prefixed('postman-api-key', 'Postman API key', 'PMAK-', `${HEX}{24}-${HEX}{34}`),
  prefixed('postman-collection-token', 'Postman collection access token', 'PMAT-', '[A-Z0-9]{26}'),
  prefixed(
    'bitbucket-http-access-token',
    'Bitbucket Data Center HTTP access token',
    'BBDC-',
    '[A-Za-z0-9+/_-]{40,60}',
  ),
  prefixed('sentry-user-token', 'Sentry user auth token', 'sntryu_', `${HEX}{64}`),
  prefixed('sentry-org-token', 'Sentry organization auth token', 'sntrys_eyJ', '[A-Za-z0-9_=+/-]{60,300}'),
  prefixed('scalingo-api-token', 'Scalingo API token', 'tk-us-', `${URLSAFE}{48}`),
  prefixed('figma-personal-access-token', 'Figma personal access token', 'figd_', `${URLSAFE}{30,80}`),
  prefixed('netlify-personal-access-token', 'Netlify personal access token', 'nfp_', `${B62}{36,44}`),
  prefixed('render-api-key', 'Render API key', 'rnd_', `${B62}{24,64}`),
  prefixed('neon-api-key', 'Neon API key', 'napi_', `${B62}{40,80}`),
  prefixed(
    'tailscale-key',
    'Tailscale auth / API / OAuth client key',
    'tskey-',
    `(?:auth|api|client|scim|webhook)-${B62}{6,24}-${B62}{20,64}`,
  ),
  prefixed(
    'onepassword-service-account-token',
    '1Password service account token',
    'ops_eyJ',
    `${URLSAFE}{100,2000}`,
  ),
  {
    id: 'atlassian-data-center-pat',
    description:
      'Jira / Confluence / Bitbucket Data Center personal access token (base64 of "<id>:<random>")',
    // Base64 of a leading digit starts with M, N or O; the bigrams gate the (cheap) regex.
    keywords: ['md', 'mt', 'mj', 'mz', 'nd', 'nt', 'nj', 'nz', 'od', 'ot'],
    pattern: /(?<![A-Za-z0-9+/_-])([MNO][A-Za-z0-9+/]{43})(?![A-Za-z0-9+/=_-])/g,
    validate: (value) => /^\d{6,16}:[\s\S]{16,}$/.test(Buffer.from(value, 'base64').toString('latin1')),
    minEntropy: 4,
  },
];

const PAYMENTS: readonly SecretRule[] = [
  prefixed('stripe-live-secret-key', 'Stripe live secret key', 'sk_live_', `${B62}{24,247}`, {
    severityShift: 1,
  }),
  prefixed('stripe-live-restricted-key', 'Stripe live restricted key', 'rk_live_', `${B62}{24,247}`),
  prefixed('stripe-test-secret-key', 'Stripe test-mode secret key', 'sk_test_', `${B62}{24,247}`, {
    severityShift: -1,
  }),
  prefixed('stripe-webhook-secret', 'Stripe webhook signing secret', 'whsec_', `${B62}{32,64}`),
  prefixed('square-access-token', 'Square access token', 'EAAA', `${URLSAFE}{60}`),
  prefixed('square-oauth-token', 'Square OAuth access token (legacy)', 'sq0atp-', `${URLSAFE}{22}`),
  prefixed('square-oauth-secret', 'Square OAuth application secret', 'sq0csp-', `${URLSAFE}{43}`),
  {
    id: 'braintree-access-token',
    description: 'PayPal Braintree access token',
    keywords: ['access_token$'],
    pattern: /access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}/g,
  },
  prefixed('razorpay-live-key', 'Razorpay live key id', 'rzp_live_', `${B62}{14}`),
  {
    id: 'plaid-access-token',
    description: 'Plaid access token (environment and UUID)',
    keywords: ['access-sandbox-', 'access-development-', 'access-production-'],
    pattern:
      /(?<![A-Za-z0-9_-])(access-(?:sandbox|development|production)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12})(?![A-Za-z0-9_-])/g,
  },
  prefixed('flutterwave-secret-key', 'Flutterwave secret key', 'FLWSECK-', `${HEX}{32}-X`),
  prefixed('flutterwave-test-secret-key', 'Flutterwave test secret key', 'FLWSECK_TEST-', `${HEX}{32}-X`, {
    severityShift: -1,
  }),
  prefixed('shippo-live-token', 'Shippo live API token', 'shippo_live_', `${HEX}{40}`),
  prefixed('easypost-api-key', 'EasyPost production API key', 'EZAK', `${B62}{54}`),
  prefixed('duffel-live-token', 'Duffel live access token', 'duffel_live_', `${URLSAFE}{43}`),
  prefixed('shopify-access-token', 'Shopify Admin API access token', 'shpat_', `${HEX_ANY}{32}`),
  prefixed('shopify-custom-app-token', 'Shopify custom app access token', 'shpca_', `${HEX_ANY}{32}`),
  prefixed('shopify-private-app-token', 'Shopify private app password', 'shppa_', `${HEX_ANY}{32}`),
  prefixed('shopify-shared-secret', 'Shopify shared secret', 'shpss_', `${HEX_ANY}{32}`),
  {
    id: 'salesforce-access-token',
    description: 'Salesforce session / access token (org id and session part)',
    keywords: ['00d'],
    pattern: /(?<![A-Za-z0-9])(00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{40,200})/g,
  },
  {
    id: 'salesforce-org-id',
    description: 'Salesforce organisation id on an org setting (identifier, reported with low severity)',
    keywords: ['00d'],
    pattern: /(?<![A-Za-z0-9])(00D[A-Za-z0-9]{12,15})(?![A-Za-z0-9!])/g,
    validate: salesforceOrgId,
    minEntropy: 3,
    severityShift: -2,
  },
];

const MESSAGING: readonly SecretRule[] = [
  prefixed('slack-bot-token', 'Slack bot token', 'xoxb-', '[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,32}'),
  prefixed(
    'slack-user-token',
    'Slack user token',
    'xoxp-',
    '[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{32}',
  ),
  prefixed('slack-legacy-token', 'Slack legacy workspace/app token', 'xoxa-', '[0-9A-Za-z-]{20,120}'),
  prefixed('slack-session-token', 'Slack session token', 'xoxs-', '[0-9A-Za-z-]{20,120}'),
  prefixed(
    'slack-app-token',
    'Slack app-level token',
    'xapp-',
    '\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-z0-9]{60,70}',
  ),
  prefixed('slack-config-token', 'Slack configuration token', 'xoxe.xox', '[bp]-\\d-[A-Z0-9]{150,180}'),
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming webhook / workflow URL',
    keywords: ['hooks.slack.com'],
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9+/_-]{20,120})/g,
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL',
    keywords: ['/api/webhooks/'],
    pattern: /discord(?:app)?\.com\/api\/webhooks\/\d{5,20}\/([A-Za-z0-9_-]{60,70})/g,
  },
  {
    id: 'discord-bot-token',
    description: 'Discord bot token next to a Discord setting',
    keywords: ['discord'],
    pattern:
      /discord[^\n]{0,40}?(?<![A-Za-z0-9_.-])([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40})/gi,
  },
  {
    id: 'telegram-bot-token',
    description: 'Telegram Bot API token',
    keywords: [':aa'],
    pattern: /(?<![A-Za-z0-9])(\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g,
  },
  prefixed('twilio-api-key', 'Twilio API key SID', 'SK', `${HEX_ANY}{32}`),
  prefixed(
    'twilio-account-sid',
    'Twilio account SID (identifier, reported with low severity)',
    'AC',
    `${HEX}{32}`,
    {
      severityShift: -2,
    },
  ),
  assigned(
    'twilio-auth-token',
    'Twilio auth token',
    ['twilio'],
    'twilio[A-Za-z0-9_.-]{0,20}(?:auth|token|secret)',
    `${HEX}{32}`,
  ),
  prefixed('sendgrid-api-key', 'SendGrid API key', 'SG.', `${URLSAFE}{22}\\.${URLSAFE}{43}`),
  {
    id: 'twitter-bearer-token',
    description: 'X (Twitter) app bearer token',
    keywords: ['aaaaaaaaaaaaaaaaaaaaa'],
    pattern: /(?<![A-Za-z0-9%])(AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,140})(?![A-Za-z0-9%])/g,
    checkPlaceholders: false,
    minEntropy: 3,
  },
  {
    id: 'asana-personal-access-token',
    description: 'Asana personal access token',
    keywords: ['0/', '1/', '2/'],
    pattern: /(?<![\w/])([0-2]\/\d{12,20}(?:\/\d{12,20})?:[a-f0-9]{32})(?![\w])/g,
  },
  prefixed('brevo-api-key', 'Brevo (Sendinblue) API key', 'xkeysib-', `${HEX}{64}-${B62}{16}`),
  prefixed('mailgun-api-key', 'Mailgun private API key', 'key-', `${HEX}{32}`),
  {
    id: 'mailchimp-api-key',
    description: 'Mailchimp API key',
    keywords: ['-us'],
    pattern: /(?<![A-Za-z0-9])([0-9A-Za-z]{32}-us\d{1,2})(?![A-Za-z0-9])/g,
  },
  assigned(
    'datadog-api-key',
    'Datadog API key',
    ['datadog', 'dd_api', 'dd-api'],
    '(?:datadog|dd)[_-]?api[_-]?key',
    `${HEX}{32}`,
  ),
  assigned(
    'datadog-application-key',
    'Datadog application key',
    ['datadog', 'dd_app', 'dd-app'],
    '(?:datadog|dd)[_-]?app(?:lication)?[_-]?key',
    `${HEX}{40}`,
  ),
  prefixed('notion-integration-token', 'Notion integration token', 'ntn_', `${B62}{46}`),
  prefixed('notion-legacy-token', 'Notion integration secret (legacy)', 'secret_', `${B62}{43}`),
  {
    id: 'airtable-personal-token',
    description: 'Airtable personal access token',
    keywords: ['pat'],
    pattern: /(?<![A-Za-z0-9])(pat[A-Za-z0-9]{14}\.[a-f0-9]{64})(?![A-Za-z0-9])/g,
  },
  prefixed('contentful-management-token', 'Contentful personal access token', 'CFPAT-', `${URLSAFE}{43}`),
  prefixed('typeform-token', 'Typeform personal token', 'tfp_', '[A-Za-z0-9_.=-]{55,64}'),
  {
    id: 'dropbox-long-lived-token',
    description: 'Dropbox long-lived access token',
    keywords: ['aaaaaaaaaa'],
    pattern: /(?<![A-Za-z0-9])([A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    checkPlaceholders: false,
  },
  {
    id: 'azure-devops-pat',
    description: 'Azure DevOps personal access token (84 characters with its JQQJ99 / AZDO signature)',
    keywords: ['jqqj99'],
    pattern: /(?<![A-Za-z0-9])([A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}AZDO[A-Za-z0-9]{4})/g,
    checkPlaceholders: false,
  },
  prefixed(
    'salesforce-consumer-key',
    'Salesforce connected-app consumer key',
    '3MVG',
    '[A-Za-z0-9._]{70,90}',
  ),
  prefixed('dropbox-short-lived-token', 'Dropbox access token', 'sl.', `${URLSAFE}{130,160}`),
  prefixed('instagram-access-token', 'Instagram Graph access token', 'IGQV', `${URLSAFE}{100,300}`),
  prefixed('facebook-access-token', 'Facebook access token', 'EAAB', `${B62}{90,300}`),
  prefixed('mapbox-secret-token', 'Mapbox secret token', 'sk.eyJ', `${URLSAFE}{40,200}\\.${URLSAFE}{20,40}`),
];

const AI_PROVIDERS: readonly SecretRule[] = [
  prefixed('openai-project-key', 'OpenAI project API key', 'sk-proj-', `${URLSAFE}{40,200}`, {
    severityShift: 1,
  }),
  prefixed('openai-service-account-key', 'OpenAI service account key', 'sk-svcacct-', `${URLSAFE}{40,200}`),
  prefixed('openai-admin-key', 'OpenAI admin key', 'sk-admin-', `${URLSAFE}{40,200}`, { severityShift: 1 }),
  {
    id: 'openai-legacy-key',
    description: 'OpenAI user API key (legacy, contains the base64 of "OpenAI")',
    keywords: ['t3blbkfj'],
    pattern: /(?<![A-Za-z0-9_-])(sk-[A-Za-z0-9_-]{16,80}T3BlbkFJ[A-Za-z0-9_-]{16,80})(?![A-Za-z0-9_-])/g,
  },
  prefixed('anthropic-api-key', 'Anthropic API key', 'sk-ant-api03-', `${URLSAFE}{80,110}`, {
    severityShift: 1,
  }),
  prefixed('anthropic-admin-key', 'Anthropic admin key', 'sk-ant-admin01-', `${URLSAFE}{80,110}`, {
    severityShift: 1,
  }),
  prefixed('huggingface-token', 'Hugging Face access token', 'hf_', '[A-Za-z]{34}'),
  prefixed('huggingface-org-token', 'Hugging Face organisation API token', 'api_org_', '[A-Za-z]{34}'),
  prefixed('groq-api-key', 'Groq API key', 'gsk_', `${B62}{52}`),
  prefixed('xai-api-key', 'xAI API key', 'xai-', `${B62}{80}`),
  prefixed('llamacloud-api-key', 'LlamaCloud (LlamaIndex) API key', 'llx-', `${URLSAFE}{48}`),
  prefixed('perplexity-api-key', 'Perplexity API key', 'pplx-', `${B62}{48}`),
  prefixed('replicate-api-token', 'Replicate API token', 'r8_', `${B62}{37}`),
  prefixed('langsmith-api-key', 'LangSmith API key', 'lsv2_', `(?:pt|sk)_${HEX}{32}_${HEX}{10}`),
  prefixed('wundergraph-cosmo-key', 'WunderGraph Cosmo API key', 'cosmo_', `${HEX}{32}`),
  prefixed('openrouter-api-key', 'OpenRouter API key', 'sk-or-v1-', `${HEX}{64}`),
  prefixed('pinecone-api-key', 'Pinecone API key', 'pcsk_', `${B62}{4,12}_${B62}{40,90}`),
  {
    id: 'deepseek-api-key',
    description: 'DeepSeek-style API key (sk- and 32 lower-case hex)',
    keywords: ['sk-'],
    pattern: /(?<![A-Za-z0-9_-])(sk-[a-f0-9]{32})(?![A-Za-z0-9_-])/g,
    minEntropy: 3,
  },
  {
    id: 'elevenlabs-api-key',
    description: 'ElevenLabs API key (sk_ and 48 hex)',
    keywords: ['sk_'],
    pattern: /(?<![A-Za-z0-9_-])(sk_[a-f0-9]{48})(?![A-Za-z0-9_-])/g,
  },
  assigned(
    'cohere-api-key',
    'Cohere API key next to a Cohere setting',
    ['cohere', 'co_api'],
    '(?:cohere[A-Za-z0-9_.-]{0,16}(?:key|token)|co_api_key)',
    `${B62}{40}`,
    { minEntropy: 3.5 },
  ),
  assigned(
    'mistral-api-key',
    'Mistral API key next to a Mistral setting',
    ['mistral'],
    'mistral[A-Za-z0-9_.-]{0,16}(?:key|token)',
    `${B62}{32}`,
    { minEntropy: 3.5 },
  ),
];

const STRUCTURAL: readonly SecretRule[] = [
  {
    id: 'private-key',
    description: 'PEM private key block',
    keywords: ['private key'],
    // The body (group 1, reported as the value) when the block is complete, else the header alone.
    pattern:
      /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 )?PRIVATE KEY(?: BLOCK)?-----(?:([^-]{1,8000})-----END [A-Z0-9 ]{0,20}PRIVATE KEY(?: BLOCK)?-----)?/g,
    severityShift: 1,
    checkPlaceholders: false,
    validate: (body, match) => match[1] === undefined || plausibleKeyBody(body),
  },
  {
    id: 'private-key-base64',
    description: 'Base64-encoded PEM private key block',
    keywords: ['ls0tls1crudjti'],
    pattern: /(?<![A-Za-z0-9+/])(LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,12000}={0,2})(?![A-Za-z0-9+/=])/g,
    severityShift: 1,
    validate: (value) => {
      const decoded = Buffer.from(value, 'base64').toString('latin1');
      const header = /^-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY(?: BLOCK)?-----/.exec(decoded);
      if (header === null) return false;
      const rest = decoded.slice(header[0].length);
      const end = rest.indexOf('-----END');
      return plausibleKeyBody(end === -1 ? rest : rest.slice(0, end));
    },
  },
  prefixed('putty-private-key', 'PuTTY private key file', 'PuTTY-User-Key-File-', '\\d: [a-z0-9-]{7,30}'),
  {
    id: 'json-web-key-private-member',
    description:
      'Private member of a JSON Web Key ("d" of RSA/EC/OKP, RSA "p"/"q"/"dp"/"dq"/"qi", "k" of oct)',
    keywords: ['"d"', '"k"', '"p"', '"q"', '"dp"', '"dq"', '"qi"'],
    pattern: /"(?:d|k|p|q|dp|dq|qi)"\s{0,4}:\s{0,4}"([A-Za-z0-9_-]{16,1000})"/g,
    minEntropy: 3.5,
  },
  {
    id: 'json-web-key-base64',
    description: 'Base64-encoded JSON Web Key with a private member',
    keywords: KTY_BASE64.map((spelling) => spelling.toLowerCase()),
    pattern:
      /(?<![A-Za-z0-9+/_-])([A-Za-z0-9+/_-]{0,400}(?:Imt0eS|JrdHki|ia3R5I)[A-Za-z0-9+/_-]{40,4000}={0,2})/g,
    validate: base64PrivateJwk,
  },
  {
    id: 'json-web-key-fragment',
    description: 'Key type of a JSON Web Key seen without the rest of the key (split over lines)',
    keywords: ['"kty"'],
    pattern: /"kty"\s{0,4}:\s{0,4}"[^"\n]{1,12}"/g,
    validate: loneKeyType,
    severityShift: -1,
  },
  {
    id: 'json-web-token',
    description: 'JSON Web Token with a decodable header',
    keywords: ['eyj'],
    pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,1000}\.eyJ[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{0,2000})/g,
    validate: (value) => isDecodableJwt(value),
  },
  connectionString('postgres-connection-string', 'PostgreSQL URL with a password', [
    'postgres',
    'postgresql',
  ]),
  connectionString('mysql-connection-string', 'MySQL / MariaDB URL with a password', ['mysql', 'mariadb']),
  connectionString('mongodb-connection-string', 'MongoDB URL with a password', ['mongodb', 'mongodb+srv']),
  connectionString('redis-connection-string', 'Redis URL with a password', ['redis', 'rediss']),
  connectionString('amqp-connection-string', 'AMQP (RabbitMQ) URL with a password', ['amqp', 'amqps']),
  connectionString('mssql-connection-string', 'SQL Server URL with a password', ['mssql', 'sqlserver']),
  connectionString('ftp-url-credentials', 'FTP/SFTP URL with a password', ['ftp', 'ftps', 'sftp']),
  connectionString('smtp-url-credentials', 'SMTP URL with a password', ['smtp', 'smtps']),
  connectionString('ldap-url-credentials', 'LDAP URL with a password', ['ldap', 'ldaps']),
  {
    id: 'url-credentials',
    description: 'URL of another scheme with user and password',
    keywords: ['://'],
    pattern:
      /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/'"]{1,64}:([^\s@/'"$<{]{3,128})@[A-Za-z0-9.-]{1,253}/gi,
    minEntropy: 2.5,
  },
  {
    id: 'http-url-credentials',
    description: 'HTTP(S) URL with user and password',
    keywords: ['http://', 'https://'],
    pattern: /https?:\/\/[A-Za-z0-9._%~-]{1,64}:([A-Za-z0-9._%~!$&*+,;=-]{3,128})@[A-Za-z0-9.-]{1,253}/gi,
    minEntropy: 2,
  },
  {
    id: 'jdbc-connection-string',
    description: 'JDBC URL with a password',
    keywords: ['jdbc:'],
    pattern: /jdbc:[a-z0-9]{2,20}:[^\s"']{0,300}?[;?&]password=([^;&\s"']{3,128})/gi,
    severityShift: 1,
  },
  {
    id: 'odbc-connection-string',
    description: 'ADO.NET / ODBC connection string with a password',
    keywords: ['password=', 'pwd='],
    pattern: /(?:server|data source|host)=[^;\n]{1,200};[^\n]{0,200}?(?:password|pwd)=([^;\s"']{3,128})/gi,
  },
  {
    id: 'authorization-bearer',
    description: 'Bearer token in an Authorization header',
    keywords: ['bearer'],
    pattern: /authorization["']?\s{0,4}[:=]\s{0,4}["']?bearer\s{1,4}([A-Za-z0-9._~+/-]{20,2000}=*)/gi,
    minEntropy: 3.5,
  },
  {
    id: 'authorization-basic',
    description: 'Basic credentials in an Authorization header',
    keywords: ['basic'],
    pattern: /authorization["']?\s{0,4}[:=]\s{0,4}["']?basic\s{1,4}([A-Za-z0-9+/]{12,400}={0,2})/gi,
    minEntropy: 3,
  },
  {
    id: 'authorization-token',
    description: 'Token in an Authorization header',
    keywords: ['token'],
    pattern: /authorization["']?\s{0,4}[:=]\s{0,4}["']?token\s{1,4}([A-Za-z0-9._~+/-]{20,400})/gi,
    minEntropy: 3.5,
  },
  {
    id: 'curl-user-password',
    description: 'curl -u user:password',
    keywords: ['curl'],
    pattern: /curl\s[^\n]{0,200}?(?:-u|--user)\s{1,4}["']?[^\s:"']{1,64}:([^\s"'$][^\s"']{2,127})/g,
  },
  {
    id: 'powershell-securestring',
    description: 'Plain-text password turned into a SecureString',
    keywords: ['convertto-securestring'],
    pattern: /ConvertTo-SecureString(?:\s{1,4}-[A-Za-z]{1,12})*\s{1,4}\\?["']?([^\s"'\\-][^\s"'\\]{3,127})/gi,
  },
  {
    id: 'byte-array-key',
    description: 'Key or password written as a byte-array literal (C, Java, Python)',
    keywords: ['key', 'secret', 'passw', 'pwd', 'token'],
    pattern:
      /(?:key|secret|passw(?:or)?d|pwd|token)[A-Za-z0-9_]{0,20}\s{0,4}(?:\[\s{0,4}\d{0,4}\s{0,4}\]\s{0,4})?(?:=\s{0,4})?(?:new\s{1,4}byte\s{0,4}\[\s{0,4}\]\s{0,4}|bytes\(\s{0,4})?[{[]\s{0,4}((?:(?:0x[0-9a-f]{1,2}|\d{1,3})\s{0,4},\s{0,4}){7,255}(?:0x[0-9a-f]{1,2}|\d{1,3}))/gi,
    validate: keyBytes,
  },
  {
    id: 'config-key-value-password',
    description: 'Password or key in an XML/.NET/Java configuration entry (key="…password" value="…")',
    keywords: ['passw', 'pwd', 'secret', 'token', 'apikey', 'api_key'],
    pattern:
      /key\s{0,2}=\s{0,2}["'][^"'<>\n]{0,40}?(?:passw(?:or)?d|pwd|secret|token|api_?key)[^"'<>\n]{0,20}["']\s{0,4}(?:value\s{0,2}=\s{0,2}["']|>)([^"'\s<>]{4,128})["'<]/gi,
    minEntropy: 2.5,
    validate: (value) => !/^[a-z_]+$/.test(value),
  },
  {
    id: 'sql-identified-by',
    description: 'Password in SQL (CREATE/ALTER USER … IDENTIFIED BY, SET PASSWORD)',
    keywords: ['identified by', 'set password'],
    pattern:
      /(?:identified\s{1,4}by|set\s{1,4}password\s{0,4}(?:for\s{1,4}\S{1,64}\s{0,4})?=)\s{0,4}(?:password\s{0,4}\(\s{0,4})?'([^'\s]{4,128})'/gi,
    minEntropy: 2.5,
  },
  {
    id: 'cli-password-option',
    description: 'Password as a command-line option value (--password SECRET, --db-pass=SECRET)',
    keywords: ['--pass', '-pass', '--pwd'],
    pattern:
      /(?<![\w-])--?(?:[a-z]{1,12}-)?(?:pass(?:word|wd)?|pwd)(?:\s{1,3}|=)["']?([^\s"'$<{-][^\s"']{3,127})/gi,
    minEntropy: 2.5,
    // `--password option`, `--pass the-value`: a word is prose, a password has a digit, symbol or capital.
    validate: (value, match) =>
      !isCodeExpression(value) &&
      notCodeLiteral(value, match) &&
      (/[^A-Za-z]/.test(value) || /.[A-Z]/.test(value)),
  },
  {
    id: 'cli-password-flag',
    description: 'Password on a database client command line (mysql -pSECRET, --password SECRET)',
    keywords: ['mysql', 'mariadb', 'psql', 'sshpass', 'redis-cli'],
    pattern:
      /(?:mysql(?:dump|admin)?|mariadb(?:-dump)?|sshpass|redis-cli)\s[^\n]{0,120}?\s(?:-p|-a\s{1,2}|--pass(?:word)?[=\s])["']?([^\s"'$-][^\s"']{3,127})/g,
    minEntropy: 2.5,
  },
];

/**
 * Values assigned to names that say "this is a secret", for credentials with no provider format. An
 * entropy floor and the placeholder allowlist keep `password = "changeme"` and prose out.
 */
const GENERIC: readonly SecretRule[] = [
  assigned(
    'generic-password',
    'Password assigned in code or configuration',
    ['pas', 'psw', 'pss', 'pw'],
    '(?:p[as]{0,3}w(?:o?r)?d|pass(?:phrase)?|(?<![A-Za-z])pw)',
    `[^\\s"'\`,;)}{<$%][^\\s"'\`,;)}{<]{5,127}`,
    {
      minEntropy: 2.5,
      validate: (value, match) =>
        notCodeLiteral(value, match) && notPairNotation(value, match) && proseValue(value, match),
      nameStart: passwordNameStart,
    },
  ),
  assigned(
    'generic-api-key',
    'API key or secret assigned in code or configuration',
    ['key', 'secret', 'token', 'credential', 'auth', 'api'],
    '(?:api[_-]?key|apikey|api|key|access[_-]?key|secret(?:[_-]?key)?|client[_-]?secret|auth[_-]?token|access[_-]?token|auth|token|credential|private[_-]?key)',
    '[A-Za-z0-9_.+/~=!-][A-Za-z0-9_.+/~=$!-]{11,255}',
    {
      minEntropy: 3.3,
      validate: (value, match) =>
        notCodeLiteral(value, match) && genericKeyName(value, match) && proseValue(value, match),
      nameStart: startsWord,
    },
  ),
];

export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD,
  ...SOURCE_CONTROL,
  ...PAYMENTS,
  ...MESSAGING,
  ...AI_PROVIDERS,
  ...STRUCTURAL,
  ...GENERIC,
];
