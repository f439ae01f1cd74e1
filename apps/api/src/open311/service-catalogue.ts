import type { Category, Department, Urgency } from '@zhuqi/reference-data';
import { GeoReportDocument, listDocument } from './georeport-format';

/** 一般 / 紧急 / 特急, as the urgency attribute offers them. */
export const URGENCY_NAMES: Record<Urgency, string> = { normal: '一般', urgent: '紧急', emergency: '特急' };

/** The attributes every service takes (GET services/{code}); POST requests reads them as attribute[code]. */
export const ATTRIBUTE_CODES = ['uscc', 'title', 'urgency'] as const;
export type AttributeCode = (typeof ATTRIBUTE_CODES)[number];

/** The promise of a category at an urgency, e.g. "3分钟内响应，5个工作日内办结". */
export function servicePromise(category: Category, urgency: Urgency): string {
  return `${category.responseMinutes}分钟内响应，${category.resolutionDays[urgency]}个工作日内办结`;
}

/** GET services: one service per category; service_code is its English code, service_name its Chinese name. */
export function serviceListDocument(categories: Category[], departments: Map<string, Department>): GeoReportDocument {
  return listDocument(
    'services',
    'service',
    categories.map((category) => {
      const department = departments.get(category.defaultDepartmentCode)?.name ?? null;
      return {
        service_code: category.code,
        service_name: category.name,
        description: `${category.name}类企业诉求：${servicePromise(category, 'normal')}（紧急${category.resolutionDays.urgent}个、特急${category.resolutionDays.emergency}个工作日）`,
        metadata: true,
        type: 'realtime',
        keywords: [...category.name.split('/'), ...(department ? [department] : [])].join(', '),
        group: department,
      };
    }),
  );
}

interface Attribute {
  variable: boolean;
  code: AttributeCode;
  datatype: 'string' | 'singlevaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
}

/** GET services/{service_code}: who the request is for, its title and its urgency (with each urgency's promise). */
export function serviceDefinitionDocument(category: Category): GeoReportDocument {
  const attributes: Attribute[] = [
    {
      variable: true,
      code: 'uscc',
      datatype: 'string',
      required: false,
      datatype_description: '18位统一社会信用代码，如 91330784MA242BTXX2',
      order: 1,
      description: '提出诉求的企业的统一社会信用代码。合作系统的密钥必须填写；企业自己的密钥可不填，填写时须是本企业。',
      values: [],
    },
    {
      variable: true,
      code: 'title',
      datatype: 'string',
      required: false,
      datatype_description: '一行，最多200字',
      order: 2,
      description: '诉求标题；不填时取描述的第一行（最多50字）。',
      values: [],
    },
    {
      variable: true,
      code: 'urgency',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 3,
      description: '紧急程度，决定办结时限；不填为一般。',
      values: (['normal', 'urgent', 'emergency'] as const).map((key) => ({
        key,
        name: `${URGENCY_NAMES[key]}（${category.resolutionDays[key]}个工作日内办结）`,
      })),
    },
  ];
  return {
    json: { service_code: category.code, attributes },
    xml: {
      service_definition: {
        service_code: category.code,
        attributes: {
          attribute: attributes.map(({ values, ...rest }) => ({ ...rest, values: values.length ? { value: values } : '' })),
        },
      },
    },
  };
}
