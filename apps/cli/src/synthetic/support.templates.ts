import { type Slots } from './catalog';

export type Template = (slots: Slots) => string;

export type ToolUse = {
  name: string;
  arguments: (slots: Slots) => Record<string, unknown>;
  result: (slots: Slots) => unknown;
};

/** A customer-support topic: ways to ask, ways to answer, and the tool an agent would use. */
export type Topic = {
  id: string;
  questions: readonly Template[];
  answers: readonly Template[];
  tool?: ToolUse;
};

export const SUPPORT_TOPICS: readonly Topic[] = [
  {
    id: 'balance',
    questions: [
      (s) => `What's the current balance on my ${s.account} account?`,
      (s) => `hi, can you tell me how much money I have in ${s.account}?`,
      () => 'How much do I have available to spend right now?',
    ],
    answers: [
      (s) =>
        `Your ${s.account} account has an available balance of ${s.amount}. Pending card payments may reduce it until they settle.`,
      (s) =>
        `Right now your available balance in ${s.account} is ${s.amount}. Is there anything else I can help you with?`,
    ],
    tool: {
      name: 'get_balance',
      arguments: (s) => ({ account: s.account }),
      result: (s) => ({ account: s.account, available: s.amount, currency: 'USD' }),
    },
  },
  {
    id: 'unknown-charge',
    questions: [
      (s) =>
        `I see a charge of ${s.smallAmount} from ${s.merchant} on ${s.date} that I don't recognise. What should I do?`,
      (s) => `There's a payment to ${s.merchant} I never made. Can you help?`,
      (s) => `why was I charged ${s.smallAmount} by ${s.merchant}??`,
    ],
    answers: [
      (s) =>
        `I'm sorry about that. The ${s.smallAmount} charge from ${s.merchant} on ${s.date} is still pending. If you don't recognise it, ` +
        `you can dispute it from the Activity tab, and I'd recommend freezing the card ending ${s.last4} while we investigate.`,
      (s) =>
        `Merchants sometimes appear under a different name: ${s.merchant} can show up for subscriptions or marketplace sellers. ` +
        'If you still do not recognise it, I can open a dispute for you and send a replacement card.',
    ],
    tool: {
      name: 'list_transactions',
      arguments: (s) => ({ account: s.account, merchant: s.merchant, days: 30 }),
      result: (s) => [{ date: s.date, merchant: s.merchant, amount: s.smallAmount, status: 'pending' }],
    },
  },
  {
    id: 'lost-card',
    questions: [
      (s) => `I lost my debit card ending in ${s.last4}, please block it`,
      () => 'My wallet was stolen this morning. How do I stop someone using my card?',
      () => 'Can I freeze my card temporarily? I think I left it at a restaurant.',
    ],
    answers: [
      (s) =>
        `I've frozen the card ending ${s.last4} so no new payments can go through. If you find it, you can unfreeze it in the app; ` +
        `otherwise a replacement will arrive within ${s.days} business days.`,
      () =>
        'Your card is now frozen. Recurring payments such as subscriptions will be declined until you unfreeze it or activate a replacement.',
    ],
    tool: {
      name: 'freeze_card',
      arguments: (s) => ({ card_last4: s.last4, reason: 'lost' }),
      result: (s) => ({ card_last4: s.last4, status: 'frozen' }),
    },
  },
  {
    id: 'wire-limits',
    questions: [
      () => 'What is the daily limit for international wire transfers?',
      (s) => `I need to send ${s.amount} to a supplier abroad, is there a limit?`,
    ],
    answers: [
      (s) =>
        `Online international wires are limited to $25,000 per day. For ${s.amount} you can send it online if it is under that limit; ` +
        'larger amounts need a call-back confirmation from our payments team.',
      () =>
        'The standard daily limit for international wires is $25,000. You can request a temporary increase in a branch with ID.',
    ],
  },
  {
    id: 'wire-fees',
    questions: [
      () => 'How much does an outgoing international wire cost?',
      (s) => `Are there fees to wire money to ${s.city}?`,
    ],
    answers: [
      () =>
        'An outgoing international wire costs $35 when sent online and $45 in a branch. The receiving bank may also charge a fee.',
      (s) =>
        `Sending to ${s.city} costs $35 online. We convert at the rate shown before you confirm, and intermediary banks can deduct their own fees.`,
    ],
  },
  {
    id: 'overdraft',
    questions: [
      () => 'Why did I get an overdraft fee yesterday?',
      (s) => `I was charged an overdraft fee on ${s.date}, can you refund it?`,
    ],
    answers: [
      (s) =>
        `The fee on ${s.date} was applied because a payment of ${s.smallAmount} went through when the balance was below zero. ` +
        'As a one-time courtesy I can request a refund; you can also turn on overdraft protection linked to your savings.',
    ],
  },
  {
    id: 'travel',
    questions: [
      (s) => `I'm travelling to ${s.city} next week. Do I need to tell you?`,
      (s) => `Will my card work in ${s.city}?`,
    ],
    answers: [
      (s) =>
        `You don't need a travel notice anymore: your card works in ${s.city}. Keep notifications on so you can confirm any payment we flag, ` +
        'and note that foreign transactions carry a 3% fee on the standard card.',
    ],
  },
  {
    id: 'statement',
    questions: [
      (s) => `Where can I download my statement for ${s.date.split(' ')[0]}?`,
      () => 'I need the last three months of statements for my mortgage application',
    ],
    answers: [
      () =>
        'Statements are under Accounts > Documents. You can download each month as a PDF, or request an official stamped copy for a lender.',
    ],
  },
  {
    id: 'savings-rate',
    questions: [
      () => 'What interest rate do you pay on savings accounts at the moment?',
      () => 'Is the high-yield savings rate fixed?',
    ],
    answers: [
      (s) =>
        `Our high-yield savings account currently pays ${s.rate} APY. The rate is variable and can change with market conditions; ` +
        'there is no minimum balance.',
    ],
  },
  {
    id: 'mortgage',
    questions: [
      () => 'What are your current 30-year fixed mortgage rates?',
      (s) => `Could I refinance my mortgage? My current rate is ${s.rate}.`,
    ],
    answers: [
      () =>
        'Rates depend on your credit profile, loan amount and down payment. I can connect you with a mortgage specialist for a personalised quote; ' +
        'you can also see indicative rates on our website.',
    ],
  },
  {
    id: 'address-change',
    questions: [
      () => 'I moved, how do I update my address?',
      () => 'How can I change the mailing address on my account?',
    ],
    answers: [
      () =>
        'You can update your address under Profile > Personal details. For security we will send a confirmation code to your phone and a letter to the new address.',
    ],
  },
  {
    id: 'two-factor',
    questions: [
      () => 'I got a new phone and can no longer receive login codes',
      () => 'How do I reset two-factor authentication?',
    ],
    answers: [
      () =>
        'For your security, resetting two-factor authentication requires identity verification. Use "Can\'t access your code?" on the login page, ' +
        'or visit a branch with photo ID. Our staff will never ask you for a code over chat or phone.',
    ],
  },
  {
    id: 'direct-deposit',
    questions: [
      () => 'When will my salary arrive if my employer paid it on Friday?',
      () => 'How do I set up direct deposit with my new employer?',
    ],
    answers: [
      () =>
        'Direct deposits are usually available on the morning of the payment date, and up to two days early when your employer sends the file in advance. ' +
        'Your routing and account numbers are in the app under Account details.',
    ],
  },
  {
    id: 'check-hold',
    questions: [
      (s) => `Why is there a hold on the check I deposited for ${s.amount}?`,
      () => 'When will my mobile check deposit be available?',
    ],
    answers: [
      (s) =>
        `Large checks can be held for up to ${s.days} business days while the issuing bank confirms the funds. ` +
        'The first $225 is normally available the next business day.',
    ],
  },
  {
    id: 'credit-limit',
    questions: [
      () => 'Can I get a higher credit limit on my card?',
      () => 'How do I ask for a credit line increase?',
    ],
    answers: [
      () =>
        'You can request a credit limit increase in the app under Card settings. We review your income and payment history; ' +
        'most decisions are instant and a request does not affect your credit score.',
    ],
  },
  {
    id: 'card-declined',
    questions: [
      (s) => `My card was declined at ${s.merchant} even though I have money. Why?`,
      () => 'why does my card keep getting declined online',
    ],
    answers: [
      (s) =>
        `The payment at ${s.merchant} was declined by our fraud checks because it did not match your usual pattern. ` +
        'You can confirm it was you in the app notification and try again.',
    ],
  },
  {
    id: 'close-account',
    questions: [
      () => 'I want to close my savings account',
      () => 'How do I close my account and move the money elsewhere?',
    ],
    answers: [
      () =>
        "I'm sorry to see you go. Before closing, move the remaining balance and cancel any scheduled transfers. " +
        'I can connect you with a specialist who will complete the closure and confirm it in writing.',
    ],
  },
  {
    id: 'joint-account',
    questions: [() => 'Can I add my partner to my checking account?', () => 'How do joint accounts work?'],
    answers: [
      () =>
        'Yes. Both account holders need to verify their identity, and both will have full access to the account. ' +
        'You can start the request in the app; your partner will receive an invitation to complete it.',
    ],
  },
  {
    id: 'cd-rates',
    questions: [
      () => 'What do your certificates of deposit pay?',
      () => 'Is a 12-month CD better than savings right now?',
    ],
    answers: [
      (s) =>
        `Our 12-month CD pays ${s.rate} APY, fixed for the term, with a penalty for early withdrawal. ` +
        'Savings accounts keep your money available but the rate can change. I cannot recommend one for you, but I can compare them side by side.',
    ],
  },
  {
    id: 'zelle',
    questions: [
      (s) => `I sent ${s.smallAmount} to the wrong person by mistake, can I get it back?`,
      () => 'How long do instant transfers take?',
    ],
    answers: [
      () =>
        'Instant transfers usually arrive within minutes and cannot be cancelled once the recipient is enrolled. ' +
        'Contact the recipient first; if that fails, I can open a claim, though recovery is not guaranteed.',
    ],
  },
  {
    id: 'fees-summary',
    questions: [
      () => 'Are there monthly fees on the basic checking account?',
      () => 'How do I avoid the maintenance fee?',
    ],
    answers: [
      () =>
        'Basic checking has a $12 monthly fee, waived with $500 in monthly direct deposits or a $1,500 minimum daily balance.',
    ],
  },
  {
    id: 'atm',
    questions: [
      (s) => `Can I withdraw cash in ${s.city} without fees?`,
      () => 'Where is the closest fee-free ATM?',
    ],
    answers: [
      (s) =>
        `Withdrawals from partner ATMs are free. In ${s.city}, other ATMs charge our $3 fee plus any operator fee, ` +
        'which we refund up to four times a month on premium accounts.',
    ],
  },
  {
    id: 'fraud-call',
    questions: [
      () => 'Someone called saying they were from your fraud team and asked for my PIN. Was that you?',
      () => 'I got a text asking me to confirm a payment through a link. Is it real?',
    ],
    answers: [
      () =>
        'That was not us. We never ask for your PIN, passwords or one-time codes. Please do not reply or click the link; ' +
        'I can freeze your card and flag your account for review if you shared any details.',
    ],
  },
  {
    id: 'business-loan',
    questions: [
      () => 'What do I need to apply for a small business loan?',
      () => 'Do you offer lines of credit for small businesses?',
    ],
    answers: [
      () =>
        'For a business loan we ask for two years of tax returns, recent bank statements and your business plan. ' +
        'A business banker can review your needs and explain lines of credit versus term loans.',
    ],
  },
];

/** Short openers and follow-ups that make conversations look like real chat. */
export const FOLLOW_UPS: readonly Template[] = [
  () => 'thanks! one more thing',
  () => 'ok that helps',
  () => 'great, thank you',
  () => 'Perfect. Also,',
  () => 'hmm ok.',
];
