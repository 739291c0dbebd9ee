import { type Topic } from './support.templates';

/** Trading-agent intents: the request, the tool the agent calls, and how it reports back. */
export const TRADING_TOPICS: readonly Topic[] = [
  {
    id: 'quote',
    questions: [
      (s) => `What's ${s.ticker} trading at?`,
      (s) => `quote ${s.ticker} please`,
      (s) => `How is ${s.company} doing today?`,
    ],
    answers: [
      (s) =>
        `${s.company} (${s.ticker}) last traded at $${s.price}, ${s.changePercent} on the day. Would you like to place an order?`,
      (s) =>
        `${s.ticker} is at $${s.price} (${s.changePercent} today). Quotes are delayed by up to 15 seconds.`,
    ],
    tool: {
      name: 'get_quote',
      arguments: (s) => ({ symbol: s.ticker }),
      result: (s) => ({
        symbol: s.ticker,
        last: Number(s.price),
        change_percent: s.changePercent,
        currency: 'USD',
      }),
    },
  },
  {
    id: 'limit-order',
    questions: [
      (s) => `Buy ${s.quantity} ${s.ticker} with a limit at ${s.limitPrice}`,
      (s) =>
        `Place a limit order: ${s.quantity} shares of ${s.company}, max $${s.limitPrice}, good for the day`,
      (s) => `Yes, confirmed. Go ahead with the ${s.quantity} ${s.ticker} at ${s.limitPrice}.`,
    ],
    answers: [
      (s) =>
        `Your order ${s.orderId} to buy ${s.quantity} ${s.ticker} at a limit of $${s.limitPrice} is working, good for the day. ` +
        "I'll notify you when it fills.",
    ],
    tool: {
      name: 'place_order',
      arguments: (s) => ({
        symbol: s.ticker,
        side: 'buy',
        quantity: s.quantity,
        type: 'limit',
        limit_price: Number(s.limitPrice),
        tif: 'day',
      }),
      result: (s) => ({ order_id: s.orderId, status: 'accepted' }),
    },
  },
  {
    id: 'market-sell',
    questions: [
      (s) => `Sell ${s.quantity} ${s.ticker} at market`,
      (s) => `I want to get out of half my ${s.ticker} position now`,
    ],
    answers: [
      (s) =>
        `Done: order ${s.orderId} sold ${s.quantity} ${s.ticker} at an average of $${s.price}. ` +
        'Settlement is T+1 and the proceeds will show in your cash balance tomorrow.',
    ],
    tool: {
      name: 'place_order',
      arguments: (s) => ({ symbol: s.ticker, side: 'sell', quantity: s.quantity, type: 'market' }),
      result: (s) => ({ order_id: s.orderId, status: 'filled', average_price: Number(s.price) }),
    },
  },
  {
    id: 'positions',
    questions: [
      () => 'Show me my open positions',
      () => "what's my exposure right now?",
      () => 'How is my portfolio doing today?',
    ],
    answers: [
      (s) =>
        `You hold ${s.quantity} ${s.ticker} ($${s.price}, ${s.changePercent} today) and 50 ${s.otherTicker}. ` +
        `Your cash balance is ${s.amount}.`,
    ],
    tool: {
      name: 'get_positions',
      arguments: () => ({}),
      result: (s) => ({
        positions: [
          { symbol: s.ticker, quantity: s.quantity, last: Number(s.price) },
          { symbol: s.otherTicker, quantity: 50 },
        ],
        cash: s.amount,
      }),
    },
  },
  {
    id: 'cancel',
    questions: [
      (s) => `Cancel order ${s.orderId}`,
      () => 'Please cancel my open limit order, I changed my mind',
    ],
    answers: [(s) => `Order ${s.orderId} has been cancelled. No shares were filled.`],
    tool: {
      name: 'cancel_order',
      arguments: (s) => ({ order_id: s.orderId }),
      result: (s) => ({ order_id: s.orderId, status: 'cancelled', filled_quantity: 0 }),
    },
  },
  {
    id: 'news',
    questions: [(s) => `Any news on ${s.ticker}?`, (s) => `Why is ${s.company} moving today?`],
    answers: [
      (s) =>
        `Headlines for ${s.ticker}: the company confirmed its full-year guidance and analysts at two brokers raised their targets. ` +
        `The stock is ${s.changePercent} today. This is not investment advice.`,
    ],
    tool: {
      name: 'get_news',
      arguments: (s) => ({ symbol: s.ticker, limit: 3 }),
      result: (s) => ({
        headlines: [
          `${s.company} reaffirms full-year outlook`,
          `Broker lifts ${s.ticker} target on margin strength`,
          `${s.sector} stocks rally as yields ease`,
        ],
      }),
    },
  },
  {
    id: 'advice-refusal',
    questions: [
      (s) => `Should I put my whole savings into ${s.ticker}?`,
      () => 'What stock will double this year?',
    ],
    answers: [
      () =>
        "I can't give personalised investment advice. Concentrating savings in a single stock carries significant risk; " +
        'a licensed advisor can help you build a diversified plan. I can show quotes, research and your current positions.',
    ],
  },
];
