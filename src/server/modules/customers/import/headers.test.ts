import { describe, expect, it } from 'vitest';
import { autoMapHeaders } from './headers.js';

describe('autoMapHeaders', () => {
  it('maps Chinese headers', () => {
    expect(
      autoMapHeaders([
        '姓名',
        '手机号',
        '电子邮件',
        '公司名称',
        '职务',
        '地址',
        '省',
        '市',
        '区',
        '生日',
        '性别',
        '来源',
        '标签',
        '备注',
      ]),
    ).toEqual({
      0: 'name',
      1: 'phone',
      2: 'email',
      3: 'company',
      4: 'title',
      5: 'address',
      6: 'province',
      7: 'city',
      8: 'district',
      9: 'birthday',
      10: 'gender',
      11: 'source',
      12: 'tags',
      13: 'notes',
    });
  });

  it('maps English headers regardless of case, spaces and markers', () => {
    expect(
      autoMapHeaders(['Full Name', 'E-mail', 'Mobile *', 'Company', 'Job Title', 'Birthday', 'Notes']),
    ).toEqual({
      0: 'name',
      1: 'email',
      2: 'phone',
      3: 'company',
      4: 'title',
      5: 'birthday',
      6: 'notes',
    });
  });

  it('lets several columns feed a multi-valued field but not a single one', () => {
    expect(autoMapHeaders(['名字', '手机', '电话', 'Name'])).toEqual({ 0: 'name', 1: 'phone', 2: 'phone' });
  });

  it('matches headers that end with or contain a known name', () => {
    expect(autoMapHeaders(['客户姓名', '联系人手机', '所在单位(必填)', '序号'])).toEqual({
      0: 'name',
      1: 'phone',
      2: 'company',
    });
  });

  it('maps custom fields by their zh and en labels', () => {
    const custom = [
      { key: 'cf_wechat', labels: { zh: '微信号', en: 'WeChat ID' } },
      { key: 'cf_level', labels: { zh: '客户等级', en: 'Tier' } },
    ];
    expect(autoMapHeaders(['微信号', 'tier', '姓名'], custom)).toEqual({
      0: 'cf_wechat',
      1: 'cf_level',
      2: 'name',
    });
  });
});
