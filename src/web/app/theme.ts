import { createTheme } from '@mantine/core';

const sans = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  'Roboto',
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Noto Sans SC'",
  "'Helvetica Neue'",
  'Arial',
  'sans-serif',
].join(', ');

/** Guanxi's look: Mantine defaults, a calm primary colour, and fonts that cover Chinese and Latin text. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: sans,
  headings: { fontFamily: sans },
  cursorType: 'pointer',
});
