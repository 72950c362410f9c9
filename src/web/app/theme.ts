import { createTheme, Modal, Notification, PasswordInput, Select } from '@mantine/core';
import type { TFunction } from 'i18next';

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

/**
 * Guanxi's look: Mantine defaults, a calm primary colour, fonts that cover Chinese and Latin text,
 * and the accessible names of Mantine's built-in buttons in the user's language.
 */
export function buildTheme(t: TFunction) {
  const close = { 'aria-label': t('common.close') };
  return createTheme({
    primaryColor: 'indigo',
    defaultRadius: 'md',
    fontFamily: sans,
    headings: { fontFamily: sans },
    cursorType: 'pointer',
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps: close } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: close } }),
      PasswordInput: PasswordInput.extend({
        defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('common.togglePassword') } },
      }),
      Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': t('common.clear') } } }),
    },
  });
}
