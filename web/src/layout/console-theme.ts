import type { ThemeConfig } from 'antd';

/**
 * Ant Design's tokens, darkened where its defaults fall short of WCAG AA contrast (4.5:1) on white:
 * secondary and help text, placeholders, links. Checked by axe-core on every screen in the tests.
 */
export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0b6e4f',
    colorLink: '#0b6e4f',
    colorInfo: '#0b5cad',
    colorError: '#c62828',
    colorWarning: '#8a5a00',
    colorSuccess: '#1e6b34',
    colorTextSecondary: 'rgba(0, 0, 0, 0.70)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 6,
  },
};
