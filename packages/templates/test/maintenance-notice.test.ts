import { describe, expect, it } from 'vitest';
import { compile, preview, render, validateTemplate, type TemplateVariable } from '../src/index.js';
import { CONTENT, TITLE } from './fixtures/maintenance-notice.js';

const variables: TemplateVariable[] = [
  { name: 'userName', type: 'STRING', required: true },
  { name: 'maintenanceDate', type: 'DATETIME', required: true },
  { name: 'duration', type: 'NUMBER', required: true },
  { name: 'affectedServices', type: 'ARRAY', required: false },
  { name: 'contactInfo', type: 'OBJECT', required: false },
];

const base = {
  userName: '张三',
  // 02:00 on 16 March in Shanghai (UTC+8): the title and body must show the Shanghai date.
  maintenanceDate: new Date('2024-03-15T18:00:00Z'),
  duration: 4,
};
const services = [
  { name: '设备管理', description: '暂停添加和删除设备' },
  { name: '消息推送', description: '通知可能延迟送达' },
];
const contactInfo = { phone: '400-123-4567', email: 'ops@example.com' };
const options = { timeZone: 'Asia/Shanghai', now: new Date('2024-03-10T01:30:00Z') };

describe('seed §5.3.1 maintenance notice', () => {
  const title = compile(TITLE, { variables });
  const content = compile(CONTENT, { variables });

  it('has no diagnostics', () => {
    expect(validateTemplate({ title: TITLE, content: CONTENT, variables })).toMatchObject({
      title: [],
      content: [],
      variables: [],
      hasErrors: false,
    });
  });

  it('renders the title in the render time zone', () => {
    expect(render(title, base, options)).toBe('系统维护通知 - 03月16日');
    expect(render(title, base, { ...options, timeZone: 'UTC' })).toBe('系统维护通知 - 03月15日');
  });

  it('renders the full content with affected services and contact info', () => {
    expect(render(content, { ...base, affectedServices: services, contactInfo }, options)).toBe(
      [
        '尊敬的张三，',
        '',
        '系统将于2024年03月16日 02:00进行维护升级，',
        '预计耗时4小时。',
        '',
        '本次维护将影响以下服务：',
        '- 设备管理：暂停添加和删除设备',
        '- 消息推送：通知可能延迟送达',
        '',
        '维护期间系统将暂停服务，请您提前做好相关准备。',
        '感谢您的理解与支持！',
        '',
        '如有疑问，请联系：400-123-4567 或 ops@example.com',
        '',
        '系统管理员',
        '2024-03-10',
      ].join('\n'),
    );
  });

  it('drops the blocks cleanly without affected services and contact info', () => {
    expect(render(content, base, options)).toBe(
      [
        '尊敬的张三，',
        '',
        '系统将于2024年03月16日 02:00进行维护升级，',
        '预计耗时4小时。',
        '',
        '',
        '维护期间系统将暂停服务，请您提前做好相关准备。',
        '感谢您的理解与支持！',
        '',
        '',
        '系统管理员',
        '2024-03-10',
      ].join('\n'),
    );
  });

  it('treats an empty service list and an empty contact object as absent', () => {
    expect(render(content, { ...base, affectedServices: [], contactInfo: {} }, options)).toBe(render(content, base, options));
  });

  it('renders with only one of the optional blocks', () => {
    const withContact = render(content, { ...base, contactInfo }, options);
    expect(withContact).not.toContain('本次维护将影响以下服务');
    expect(withContact).toContain('\n如有疑问，请联系：400-123-4567 或 ops@example.com\n\n系统管理员');
    const withServices = render(content, { ...base, affectedServices: services.slice(0, 1) }, options);
    expect(withServices).toContain('预计耗时4小时。\n\n本次维护将影响以下服务：\n- 设备管理：暂停添加和删除设备\n\n维护期间');
    expect(withServices).not.toContain('如有疑问');
  });

  it('renders the same with Windows line endings, apart from the line endings', () => {
    const crlf = compile(CONTENT.replace(/\n/g, '\r\n'), { variables });
    const values = { ...base, affectedServices: services, contactInfo };
    expect(render(crlf, values, options).replace(/\r\n/g, '\n')).toBe(render(content, values, options));
  });

  it('accepts the date as ISO text, a wall time in the render zone, or epoch milliseconds', () => {
    for (const maintenanceDate of ['2024-03-15T18:00:00Z', '2024-03-16 02:00', '2024-03-16T02:00:00+08:00', Date.UTC(2024, 2, 15, 18)]) {
      expect(render(title, { ...base, maintenanceDate }, options)).toBe('系统维护通知 - 03月16日');
    }
  });

  it('uses the values’ currentDate over options.now', () => {
    expect(render(content, { ...base, currentDate: '2030-01-02' }, options)).toMatch(/2030-01-02$/);
  });

  it('previews the same text, and flags the missing required value while still rendering', () => {
    const result = preview({ title: TITLE, content: CONTENT, variables, values: { ...base, duration: undefined }, options });
    expect(result.title).toBe('系统维护通知 - 03月16日');
    expect(result.content).toContain('预计耗时小时。');
    expect(result.diagnostics.values).toEqual([expect.objectContaining({ code: 'MISSING_VALUE', variable: 'duration' })]);
    expect(result.hasErrors).toBe(true);
  });
});
