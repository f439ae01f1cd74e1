import { GeoReportError } from './georeport-errors';
import { parseServiceRequest, readCredentials } from './service-request-form';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof GeoReportError) return error.descriptions;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('POST requests form', () => {
  it('takes the fields of the specification and the attributes of our service definition', () => {
    const input = parseServiceRequest(
      {
        service_code: 'legal',
        description: '  供应商拖欠货款三个月\n想咨询起诉流程  ',
        'attribute[uscc]': '91330784ma242btxx2',
        'attribute[urgency]': 'urgent',
        first_name: '红林',
        last_name: '吕',
        phone: '+86 188-9513-2073',
        email: 'lv@feida.example.cn',
        device_id: 'tt222111',
        account_id: '123456',
        lat: '28.9',
        long: '120.03',
        address_string: '金山东路155号',
        media_url: 'https://example.cn/photo.jpg',
      },
      { jurisdiction_id: 'zhuqi.local' },
    );
    expect(input).toEqual({
      description: '供应商拖欠货款三个月\n想咨询起诉流程',
      title: '供应商拖欠货款三个月',
      urgency: 'urgent',
      uscc: '91330784MA242BTXX2',
      contactName: '吕红林',
      contactPhone: '18895132073',
      deviceId: 'tt222111',
      accountId: '123456',
    });
  });

  it('cuts a title made from a long first line at 50 characters', () => {
    const input = parseServiceRequest({ service_code: 'legal', description: '长'.repeat(80) }, {});
    expect([...input.title]).toHaveLength(50);
    expect(input.title.endsWith('…')).toBe(true);
  });

  it('treats empty optional arguments as absent', () => {
    const input = parseServiceRequest({ service_code: 'legal', description: '咨询', phone: '', email: '', 'attribute[urgency]': '', lat: '', long: '' }, {});
    expect(input).toMatchObject({ urgency: 'normal', contactPhone: null });
  });

  it('names every problem at once', () => {
    const problems = problemsOf(() =>
      parseServiceRequest(
        {
          service_code: 'legal',
          description: ['一', '二'],
          'attribute[colour]': 'red',
          'attribute[urgency]': 'soon',
          'attribute[title][]': 'x',
          'attribute[uscc]': '91330784MA242BTXX3',
          phone: '12345',
          lat: '91',
          foo: 'bar',
        },
        { verbose: 'true' },
      ),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'Unknown query argument "verbose": POST the fields in the body',
        'Unknown argument "foo"',
        'Unknown attribute "colour" (this service takes uscc, title, urgency)',
        'attribute[title] takes one value (it is not a multivaluelist)',
        'description was given more than once',
        'attribute[urgency] must be one of normal, urgent, emergency',
        expect.stringContaining('attribute[uscc] is not a valid 统一社会信用代码'),
        'phone must be a mainland mobile (11 digits) or a landline with area code',
        'lat and long must be sent together',
        'lat must be a WGS84 latitude between -90 and 90',
      ]),
    );
  });

  it('requires a description, with visible text, within 4,000 characters', () => {
    expect(problemsOf(() => parseServiceRequest({ service_code: 'legal' }, {}))).toEqual(['description was not provided: describe the request']);
    expect(problemsOf(() => parseServiceRequest({ service_code: 'legal', description: ' \n ' }, {}))).toEqual(['description must contain visible text']);
    expect(problemsOf(() => parseServiceRequest({ service_code: 'legal', description: 'x'.repeat(4001) }, {}))).toEqual(['description is longer than 4000 characters']);
    expect(problemsOf(() => parseServiceRequest({ service_code: 'legal', description: 'a\u0000b' }, {}))).toEqual(['description must not contain control characters']);
  });

  it('reads api_key and jurisdiction_id from the body or the query string, refusing two different ones', () => {
    expect(readCredentials({ api_key: 'k' }, { jurisdiction_id: 'zhuqi.local' })).toEqual({ apiKey: 'k', jurisdictionId: 'zhuqi.local' });
    expect(problemsOf(() => readCredentials({ api_key: 'a' }, { api_key: 'b' }))).toEqual(['api_key was given twice with different values']);
  });
});
