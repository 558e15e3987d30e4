import { Tag } from 'antd';
import type { ReactNode } from 'react';

/**
 * A tag whose colour says how things stand. Ant Design's light preset tags (green, orange, gold)
 * fall below WCAG AA contrast; these solid colours carry white text at 4.5:1 or more.
 */
const tones = { good: '#1e6b34', bad: '#b42318', warn: '#8a5a00', info: '#0b5cad', plain: undefined } as const;

export const StatusTag = ({ tone, children }: { tone: keyof typeof tones; children: ReactNode }) => <Tag color={tones[tone]}>{children}</Tag>;
