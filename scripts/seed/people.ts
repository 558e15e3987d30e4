/**
 * The raw material of seed customers: Chinese names (with pinyin for their email addresses),
 * Latin names, places, shop vocabulary. Enough variety that lists, name prefixes and duplicates
 * look like a real shop's file, not `Customer 1 … Customer n`.
 */

type Hanzi = readonly (readonly [string, string])[];

/** Common surnames, most frequent first, with pinyin. */
export const chineseSurnames: Hanzi = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ['袁', 'yuan'], ['潘', 'pan'], ['于', 'yu'], ['蒋', 'jiang'], ['蔡', 'cai'], ['欧阳', 'ouyang'], ['司马', 'sima'],
];

/** Given-name characters by the gender they are usually given to, with pinyin. */
export const chineseGivenNames: Record<'male' | 'female', Hanzi> = {
  male: [
    ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['勇', 'yong'], ['杰', 'jie'], ['涛', 'tao'],
    ['明', 'ming'], ['超', 'chao'], ['浩', 'hao'], ['宇', 'yu'], ['鹏', 'peng'], ['建', 'jian'], ['志', 'zhi'],
    ['文', 'wen'], ['俊', 'jun'], ['博', 'bo'], ['晨', 'chen'], ['子轩', 'zixuan'], ['浩然', 'haoran'],
  ],
  female: [
    ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['艳', 'yan'], ['婷', 'ting'],
    ['雪', 'xue'], ['慧', 'hui'], ['佳', 'jia'], ['琳', 'lin'], ['欣', 'xin'], ['怡', 'yi'], ['晓', 'xiao'],
    ['梅', 'mei'], ['雨', 'yu'], ['思', 'si'], ['萱', 'xuan'], ['梓涵', 'zihan'], ['诗琪', 'shiqi'],
  ],
};

export const latinFirstNames = {
  male: ['James', 'Lucas', 'Noah', 'Oliver', 'Mateo', 'Henri', 'Jonas', 'Marco', 'David', 'Thomas', 'Kevin', 'Ivan'],
  female: ['Emma', 'Sofia', 'Mia', 'Anna', 'Chloé', 'Léa', 'Julia', 'Elena', 'Sarah', 'Laura', 'Nina', 'Olivia'],
} as const;

export const latinSurnames = [
  'Smith', 'Müller', 'García', 'Rossi', 'Martin', 'Dubois', 'Johnson', 'Schmidt', 'Fernández', 'Bianchi',
  'Brown', 'Novak', 'Kowalski', 'Silva', 'Jensen', 'Wilson', 'Lefèvre', 'Moreau', "O'Brien", 'van Dijk',
] as const;

/** Province, city and districts, as a shop in that city would write them. */
export const places = [
  { province: '上海', city: '上海', districts: ['徐汇', '静安', '浦东新区', '黄浦', '长宁'], postalPrefix: '200' },
  { province: '北京', city: '北京', districts: ['朝阳', '海淀', '东城', '西城', '丰台'], postalPrefix: '100' },
  { province: '广东', city: '广州', districts: ['天河', '越秀', '海珠', '白云'], postalPrefix: '510' },
  { province: '广东', city: '深圳', districts: ['南山', '福田', '罗湖', '宝安'], postalPrefix: '518' },
  { province: '浙江', city: '杭州', districts: ['西湖', '上城', '拱墅', '滨江'], postalPrefix: '310' },
  { province: '四川', city: '成都', districts: ['锦江', '青羊', '武侯', '成华'], postalPrefix: '610' },
  { province: '江苏', city: '南京', districts: ['玄武', '秦淮', '鼓楼', '建邺'], postalPrefix: '210' },
  { province: '湖北', city: '武汉', districts: ['江汉', '武昌', '洪山', '汉阳'], postalPrefix: '430' },
] as const;

export const streets = ['漕溪北路', '南京西路', '建国路', '中山大道', '天府大道', '文三路', '解放路', '人民路', '长江路', '淮海中路'] as const;

/** Mainland mobile prefixes that libphonenumber accepts as valid mobile numbers. */
export const mobilePrefixes = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '186', '187', '188', '189', '177', '199'] as const;

export const emailDomains = ['example.com', 'example.cn', 'example.net', 'mail.example.org'] as const;

export const tags = ['walk-in', 'wechat', 'member', 'referral', 'student', 'corporate', 'weekend', 'newsletter', 'gift-buyer', 'vip-event'] as const;

export const sources = ['store', 'wechat-mini-program', 'website', 'referral', 'fair', 'import'] as const;

export const products = ['护肤套装', '洗护', '会员卡充值', '咖啡豆', '茶礼盒', 'hair cut', 'massage', 'gift card', '面膜', '香水'] as const;

export const interactionTopics = ['回访', '售后咨询', '预约', '投诉跟进', '新品推荐', '生日问候', 'delivery question', 'price inquiry'] as const;

export const companies = [
  { name: '上海青木贸易有限公司', industry: '贸易' },
  { name: '杭州云栖科技有限公司', industry: '软件' },
  { name: '深圳海川电子有限公司', industry: '电子' },
  { name: 'Lumen Design Studio', industry: 'design' },
  { name: '成都锦程餐饮管理有限公司', industry: '餐饮' },
] as const;
