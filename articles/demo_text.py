# ruff: noqa: E501 (Chinese sentences are kept whole, one per line)
"""The demo's news, written in the association's voice (original text for this project).

Five kinds, as the association's newsroom publishes them: zone news (in several
structures: a report with background and a quote, a short brief, a data story, a feature
with sub-headings), interviews with a zone's officials (question and answer), conference
reports, policy interpretations (numbered points or questions and answers) and formal
notices. Paragraphs are drawn from pools of templates filled with each article's own
place, zone, figures and subject, in an order that varies; `Writer` remembers every
paragraph it has written and never writes one twice, so no two demo articles share a
paragraph (tests/articles/test_demo_text.py checks it).

Deterministic: the same seed writes the same site. No person named here is real: the
news speaks of offices and roles (园区负责人, 企业负责人), not of people.
"""

import random
from dataclasses import dataclass, field

INDUSTRIES = [
    "新能源汽车", "集成电路", "生物医药", "高端装备", "新材料", "电子信息",
    "智能家电", "现代物流", "光伏", "精细化工", "航空航天配套", "医疗器械",
]  # fmt: skip

COMPANIES = [
    "动力电池材料企业", "精密模具企业", "外资汽车零部件企业", "跨境电商企业",
    "工业机器人企业", "半导体封装测试企业", "创新药研发企业", "智能装备制造企业",
    "光伏组件企业", "冷链物流企业", "新型显示材料企业", "医疗影像设备企业",
]  # fmt: skip

DIRECTIONS = ["东", "南", "西", "北", "东南", "西北", "东北", "西南"]

# --- Zone news ------------------------------------------------------------------------

BACKGROUND = [
    "{zone}设立于{year}年，规划面积{area}平方公里，现有各类市场主体{firms}余家，已形成{ind1}、{ind2}两大主导产业。",
    "作为{place}对外开放的重要窗口，{zone}近年来坚持“产业立区”，{ind1}产业集群规模持续扩大，去年规上工业产值同比增长{p}%。",
    "{zone}地处{place}城区{direction}部，交通便利、配套完善，目前集聚{ind1}和{ind2}领域企业{firms}家。",
    "今年以来，{zone}主要经济指标保持较快增长，前{months}个月固定资产投资同比增长{p}%，其中工业投资占比超过六成。",
    "{year}年获批设立以来，{zone}从一片农田起步，如今已成为{place}{ind1}产业的主要承载地，区内规上企业达{big}家。",
]

DETAILS = {
    "signing": [
        "签约项目中，投资额超过10亿元的有{k}个，{ind1}项目占比近一半。其中一个{ind1}项目计划明年上半年开工，达产后预计年产值{v}亿元。",
        "据介绍，{zone}今年以来已赴长三角、粤港澳大湾区开展专题招商{k}次，储备在谈项目{firms}个，形成“签约一批、开工一批、投产一批”的滚动格局。",
        "为确保项目早落地，{zone}为每个签约项目配备一名“项目管家”，从注册登记到施工许可全程代办，{ind1}项目从签约到开工平均用时压缩到{d}天。",
        "在{place}本地配套企业的带动下，签约项目的本地配套率有望达到{p}%，将进一步拉长{ind1}产业链条。",
    ],
    "transfer": [
        "对接会现场发布成果{v}项，涉及{ind1}、{ind2}等领域；{zone}同步推出中试平台、概念验证中心等公共服务资源，供企业预约使用。",
        "为打通成果转化“最后一公里”，{zone}设立规模{v}亿元的科技成果转化基金，对在区内落地的成果项目给予首轮股权投资支持。",
        "{zone}还与{k}所高校共建技术转移中心，推行“企业出题、院所答题”机制，今年已促成技术合同成交额{m}亿元。",
        "一位参加对接会的{place}企业技术负责人说，过去找成果像“大海捞针”，如今平台把需求清单和成果清单放在一起，对接效率明显提高。",
    ],
    "trade": [
        "从业态看，跨境电商进出口额增长较快，同比增幅超过{p}%；保税物流、保税研发等新业态也保持了较好势头。",
        "{zone}持续推进“智慧综保”建设，企业通过信息化系统申报，货物进出区时间平均缩短{p}%，通关成本明显下降。",
        "目前，区内已有进出口实绩企业{firms}家，其中年进出口额超过1亿美元的企业{k}家，外贸主体队伍不断壮大。",
        "依托{place}港口和中欧班列资源，{zone}拓展“保税+”业务，今年新开通国际物流线路{k}条，辐射东南亚和中亚市场。",
    ],
    "onestop": [
        "在{zone}政务服务中心，企业办事人员只需在一个窗口提交一套材料，营业执照、公章刻制和税务登记即可同步办结。",
        "{zone}梳理公布“一件事”清单{v}项，企业开办、项目审批等高频事项全部实现网上办、掌上办，今年累计网办件量超过{firms}件。",
        "对重点项目，{zone}推行“承诺制+容缺受理”，企业在取得用地后即可开展施工准备，审批时间比法定时限平均压缩{p}%。",
        "今年以来，{zone}新登记市场主体{firms}户，同比增长{p}%，营商环境的改善正转化为发展的活力。",
    ],
    "smartpark": [
        "平台接入园区视频监控、能耗计量和危化品车辆定位等数据{v}万条，管理人员在一块屏上就能掌握园区运行状况。",
        "借助工业互联网标识解析节点，{zone}已有{k}家企业实现产品全生命周期追溯，设备综合效率平均提升{p}%。",
        "{zone}还推出“园区服务码”，企业扫码即可报修、申请用工和预约融资对接，今年已受理服务诉求{firms}件，办结率超过98%。",
        "在一家{company}的数字化车间里，生产线的运行数据实时汇入平台，{place}当地的工程师可以远程诊断设备故障。",
    ],
    "circular": [
        "{zone}建成集中供热管网{v}公里，替代企业自备燃煤锅炉{k}台，每年可减少二氧化碳排放约{m}万吨。",
        "园区中水回用项目日处理能力达到{firms}立方米，回用水主要供给{ind1}企业的冷却和清洗环节，水资源重复利用率提高到{p}%。",
        "围绕“减量化、再利用、资源化”，{zone}引导上下游企业开展副产品交换利用，已形成{k}条循环经济产业链。",
        "{zone}同步推进屋顶分布式光伏建设，已建成装机容量{v}兆瓦，年发电量可满足园区约{p}%的用电需求。",
    ],
    "measures": [
        "措施提出，对年度技术改造投资超过5000万元的企业，按设备投资额给予最高{p}%的补助，单个项目补助最高{v}百万元。",
        "在人才方面，{zone}对引进的高层次人才给予安家补贴和子女入学保障，对企业新招用的高校毕业生给予{k}年社保补贴。",
        "在金融服务方面，{zone}设立规模{m}亿元的产业引导基金，并联合{k}家银行推出“园区贷”产品，重点支持中小制造企业。",
        "据测算，各项措施全部落实后，每年将为{zone}企业减轻负担约{v}亿元，惠及企业{firms}余家。",
    ],
    "factory": [
        "新建厂房层高、承重和电力负荷均按{ind1}等产业需求设计，企业可根据工艺要求进行二次装修，最快当月即可投产。",
        "{zone}对入驻标准化厂房的中小企业给予前{k}年租金减免，并提供“以租代建”“先租后售”等多种方式。",
        "目前，新建厂房已签约入驻企业{firms}家，预计全部投产后可新增年产值{m}亿元、就业岗位{big}个。",
        "一家从{place}外迁入的{company}负责人说，按传统方式自建厂房至少需要两年，现在租用标准厂房，三个月就恢复了生产。",
    ],
    "giants": [
        "截至目前，{zone}累计培育国家级专精特新“小巨人”企业{big}家、省级专精特新中小企业{firms}家，数量居{place}前列。",
        "新入选的企业主要集中在{ind1}、{ind2}领域，平均研发投入占营业收入比重超过{p}%，多家企业的产品打破了国外垄断。",
        "{zone}建立“创新型中小企业—专精特新中小企业—小巨人企业”梯度培育库，对入库企业提供研发补助、知识产权和上市辅导等服务。",
        "一家{company}的负责人说，入选“小巨人”后，企业在融资授信和参与重大项目配套方面获得了更多机会。",
    ],
    "repair": [
        "保税维修业务允许企业将境外待维修产品以保税方式进境，维修后复运出境，免去了关税和进口环节增值税的资金占用。",
        "试点企业的维修对象涵盖{ind1}设备、航空零部件和电子产品等{k}个类别，今年以来维修货值累计超过{m}亿元。",
        "海关对试点企业实行全程信息化监管，维修产生的旧件、坏件按规定处置，既保障安全又提高了效率。",
        "一家{company}的负责人介绍，开展保税维修后，企业的境外售后服务从过去的“返厂维修”变为“就近维修”，周期缩短了一半以上。",
    ],
}

TOPIC_DETAILS = {
    "green-park": "园区同步推进分布式光伏和储能项目建设，引导{zone}企业开展清洁生产审核，今年新增绿色工厂{k}家。",
    "digital-zone": "平台汇聚{zone}企业运行、能耗和安全生产数据，管理部门据此精准服务企业，企业也能在线办理报修、用工和融资等事项。",
    "business-env": "{zone}还推行“拿地即开工”模式，设立企业服务中心，为{firms}余家企业提供全生命周期帮办代办服务。",
    "opening-up": "{zone}持续优化通关流程，推行“提前申报”“两步申报”等便利化措施，整体通关时间压缩{p}%，外向型企业获得感不断增强。",
}

SERVICE = [
    "在服务保障方面，{zone}组建项目专班，实行“一个项目、一名领导、一套班子、一抓到底”的推进机制，帮助企业协调用地、用能和用工等问题。",
    "{zone}建立重点企业“白名单”制度，对{firms}家骨干企业实行点对点联系服务，企业反映的问题原则上{d}个工作日内答复。",
    "为破解中小企业融资难题，{zone}每月举办一次银企对接会，今年已帮助{k}家企业获得授信{m}亿元。",
    "{zone}在{place}率先推行“标准地+承诺制”出让，企业拿地时即明确亩均投资、产出和能耗标准，土地利用效率明显提高。",
    "针对企业招工需求，{zone}联合{place}人社部门举办专场招聘会{k}场，提供岗位{big}个，并建设蓝领公寓缓解员工住宿问题。",
]

QUOTES = [
    "“从签约到拿到施工许可证只用了{d}天，这样的效率超出了我们的预期。”{place}一家{company}的负责人说。",
    "“园区服务‘有求必应、无事不扰’，我们决定把第二期项目也放在{place}。”一家{company}的负责人告诉记者。",
    "“遇到问题，专班当天就上门，”{place}一家{company}的负责人说，“这让我们对扩大投资更有信心。”",
    "{zone}有关负责人表示，将把企业的“烦心事”当作园区的“头等事”，让企业在{place}安心发展。",
    "“我们看中的是这里完整的{ind1}产业链，”一家{company}的负责人说，“上下游企业基本在半小时车程以内。”",
]

OUTLOOK = [
    "下一步，{zone}将锚定高质量发展目标，聚焦{ind1}产业集群培育和开放平台建设，努力在区域发展中发挥更大的带动作用。",
    "据了解，{zone}今年计划实施亿元以上项目{k}个，力争全年规上工业产值增长{p}%以上。",
    "{zone}有关负责人表示，将继续完善{ind1}产业链招商图谱，围绕龙头企业引进配套项目，推动产业集群向中高端迈进。",
    "接下来，{zone}还将在{place}启动新一轮园区提升改造，重点完善道路、管网和人才公寓等配套设施。",
]

ANALYSIS = [
    "从数据看，{zone}工业增长主要由{ind1}拉动，新动能对经济增长的贡献持续提升，外资利用也保持了较好势头。",
    "业内人士分析，{zone}的增长既得益于一批重大项目集中投产，也与持续优化的营商环境密切相关。",
]

HEADINGS = {
    "signing": ["项目建设提速增效", "招商引资精准发力"],
    "transfer": ["成果转化平台搭起来", "创新生态持续优化"],
    "trade": ["外贸新业态加快发展", "开放平台能级提升"],
    "onestop": ["审批服务再提速", "企业办事更便捷"],
    "smartpark": ["数据多跑路", "企业少跑腿"],
    "circular": ["节能降碳见实效", "循环链条越拉越长"],
    "measures": ["真金白银支持制造业", "政策直达快享"],
    "factory": ["厂房建设跑出加速度", "中小项目拎包入驻"],
    "giants": ["梯度培育体系日益完善", "创新主体不断壮大"],
    "repair": ["新业态释放新红利", "监管服务两手抓"],
}

# (key, zone kind, headline, topic, channel override, lead)
SUBJECTS = [
    ("signing", "etdz", "新签约重点项目{n}个，总投资超过{m}亿元", None, "investment",
     "近日，{zone}举行重点项目集中签约活动，{n}个项目现场签约，总投资超过{m}亿元，涵盖{ind1}、{ind2}和高端装备等领域。"),
    ("transfer", "hightech", "举办科技成果转化对接会，{n}家企业达成合作意向", None, None,
     "{zone}日前举办科技成果转化对接会，高校院所发布成果百余项，{n}家企业与科研团队达成合作意向。"),
    ("trade", "bonded", "前三季度进出口额同比增长{n}%，跨境电商业务持续扩大", "opening-up", None,
     "海关数据显示，前三季度{zone}进出口额同比增长{n}%，跨境电商、保税物流等新业态持续扩大，对外开放平台作用进一步显现。"),
    ("onestop", "provincial", "推进“一网通办”改革，企业开办时间压缩至{n}个工作日", "business-env", None,
     "{zone}深化“放管服”改革，推进政务服务“一网通办”，企业开办时间压缩至{n}个工作日，实现“一窗受理、一次办结”。"),
    ("smartpark", "hightech", "建设智慧园区平台，{n}家企业接入工业互联网", "digital-zone", None,
     "{zone}建成智慧园区综合管理平台，推动{n}家规上企业接入工业互联网，实现能耗、安全和物流数据实时监测。"),
    ("circular", "provincial", "开展循环化改造，单位产值能耗下降{n}%", "green-park", None,
     "{zone}实施园区循环化改造，建设集中供热和中水回用设施，单位产值能耗同比下降{n}%。"),
    ("measures", "etdz", "出台支持制造业高质量发展若干措施，涉及{n}项具体举措", None, None,
     "{zone}近日出台支持制造业高质量发展的若干措施，从技术改造、人才引进和金融服务等方面提出{n}项具体举措。"),
    ("factory", "provincial", "建设标准化厂房{n}万平方米，助力项目“拎包入驻”", None, None,
     "{zone}加快建设标准化厂房，今年新建{n}万平方米，配套水电气和物流设施，助力中小项目“拎包入驻”。"),
    ("giants", "hightech", "新增国家级专精特新“小巨人”企业{n}家", None, None,
     "工业和信息化部公布新一批专精特新“小巨人”企业名单，{zone}新增{n}家，创新主体不断壮大。"),
    ("repair", "bonded", "开展保税维修业务，助力企业稳订单拓市场", "opening-up", None,
     "{zone}开展全球保税维修业务，已有{n}家企业获批试点，帮助企业稳订单、拓市场。"),
]  # fmt: skip

# --- Interviews -----------------------------------------------------------------------

INTERVIEW_THEMES = [
    ("以创新生态培育新质生产力", "hightech"),
    ("让项目在园区“长”得更快", "etdz"),
    ("守好开放门户，做强保税经济", "bonded"),
    ("以“亩均论英雄”推动园区提质增效", "etdz"),
]
INTERVIEW_QA = [
    ("今年以来{zone}的发展呈现哪些特点？",
     "总体看是稳中有进。前{months}个月，{zone}规上工业产值增长{p}%，{ind1}产业贡献了近一半的增量。更重要的是结构在变，新产业、新业态的比重提高了。"),
    ("{zone}在招引项目上有哪些做法？",
     "我们不追求“大而全”，而是围绕{ind1}产业链画图谱、找缺口，哪一环薄弱就招哪一环。{zone}今年引进的{k}个重点项目中，大部分是补链强链项目。"),
    ("企业最关心营商环境，{zone}在这方面做了什么？",
     "我们的原则是“企业有呼、园区必应”。{zone}设立了企业服务中心，把{v}项涉企事项集中到一个窗口办理，企业反映的问题实行闭环管理。"),
    ("{zone}如何推动科技创新？",
     "关键是让企业成为创新主体。{zone}对企业研发投入给予补助，建设了{k}个公共技术服务平台，中小企业不用自己买昂贵的设备也能做检测和中试。"),
    ("在绿色发展方面，{zone}有什么考虑？",
     "绿色是园区的竞争力。我们推进屋顶光伏和集中供热，{zone}单位工业增加值能耗连续{k}年下降，新引进项目必须达到能效标杆水平。"),
    ("对{zone}的未来，您有什么期待？",
     "希望用三到五年时间，把{ind1}产业集群做到千亿级，让{zone}成为{place}高质量发展的主引擎。我们有信心，也有基础。"),
    ("人才从哪里来？{zone}怎样留住人才？",
     "{zone}与{place}的高校共建实训基地，每年定向培养技术工人{big}名；同时建设人才公寓，解决新引进人才的住房问题。"),
]  # fmt: skip

# --- Conference reports (association news) ---------------------------------------------

EVENTS = [
    ("全国开发区高质量发展论坛", "南京", "开发区高质量发展", "江苏省开发区协会"),
    ("开发区绿色低碳发展座谈会", "北京", "节能降碳和循环化改造", "协会绿色发展工作委员会"),
    ("开发区营商环境建设经验交流会", "杭州", "营商环境建设", "浙江省开发区协会"),
    ("园区数字化转型专题研讨会", "合肥", "园区数字化转型", "安徽省开发区协会"),
    ("中西部开发区产业转移对接会", "武汉", "承接产业转移", "湖北省开发区协会"),
    ("开发区招商引资专题培训班", "成都", "招商引资能力提升", "四川省开发区协会"),
    ("综合保税区发展座谈会", "青岛", "综合保税区提质增效", "山东省开发区协会"),
    ("开发区人才工作研讨班", "西安", "园区人才引育", "陕西省开发区协会"),
]
EVENT_OPEN = [
    "{date}，由中国开发区协会主办、{partner}承办的{event}在{city}举行。来自全国{provinces}个省（区、市）的{count}余名开发区代表参加会议。",
    "{date}，{event}在{city}召开。会议由中国开发区协会主办，{partner}承办，{count}余名来自各地开发区管理机构和企业的代表出席。",
    "以“{topic}”为主题的{event}于{date}在{city}举办，中国开发区协会和{partner}共同组织，参会代表{count}余人。",
]
EVENT_SPEECH = [
    "协会负责同志在致辞中指出，开发区是推动{topic}的重要平台，要把握新一轮科技革命和产业变革的机遇，在改革创新上走在前列。",
    "协会负责同志在讲话中回顾了过去一年协会围绕{topic}开展的工作，并就下一步加强调查研究、服务会员提出了具体要求。",
    "{city}市有关负责同志在致辞中介绍了当地开发区在{topic}方面的探索，欢迎各地开发区加强交流合作。",
    "协会负责同志强调，做好{topic}，既要对标国际先进水平，也要立足园区实际，防止一哄而上、简单照搬。",
]
EVENT_EXCHANGE = [
    "会上，{z1}、{z2}、{z3}等开发区代表围绕{topic}作交流发言，分享了各自在体制机制创新和产业培育方面的做法。",
    "{z1}代表介绍了园区推行“标准地”出让的经验，{z2}代表分享了围绕龙头企业延链补链的做法，引起与会代表的热烈讨论。",
    "在分组讨论环节，来自{z1}、{z2}的代表结合园区实际，就{topic}中遇到的难点问题与专家进行了深入交流。",
]
EVENT_EXPERT = [
    "有关研究机构的专家作了专题报告，从国内外园区发展趋势出发，分析了{topic}面临的新形势、新任务。",
    "会议邀请高校和咨询机构的专家学者授课，内容涵盖{topic}的政策解读、案例分析和实务操作。",
    "专家在点评中认为，各地在{topic}方面已积累了不少可复制可推广的经验，下一步要注重系统集成和制度创新。",
]
EVENT_OUTCOME = [
    "会议发布了《{topic}典型案例汇编》，收录{cases}个来自各地开发区的典型做法，供会员单位学习借鉴。",
    "与会代表共同发出倡议，呼吁各地开发区在{topic}方面加强协作，推动资源共享、优势互补。",
    "会议期间还举行了项目推介活动，{city}等地开发区现场推介重点项目{cases}个，多家企业表达了合作意向。",
]
EVENT_VISIT = [
    "会议期间，与会代表实地考察了{city}当地开发区的企业和公共服务平台，直观感受了园区在{topic}方面的新进展。",
    "会后，代表们分组走访了{city}的{sites}，与企业负责人面对面交流。",
]
EVENT_CLOSE = [
    "据悉，该活动已连续举办{editions}届，已成为开发区之间交流经验、对接合作的重要平台。",
    "协会将认真梳理会议成果，形成专题报告报送有关部门，为完善{topic}相关政策提供参考。",
    "与会代表表示，此次活动内容丰富、针对性强，对推动本地开发区{topic}工作很有帮助。",
]
SITES = [
    "智能制造示范工厂",
    "科技企业孵化器",
    "园区政务服务中心",
    "公共技术服务平台",
    "综合保税区卡口",
    "产业创新中心",
]

# --- Policy interpretations ------------------------------------------------------------

POLICIES = [
    ("推动开发区改革创新发展", "管理体制、开放水平和产业升级"),
    ("支持开发区建设标准化厂房", "用地保障、建设标准和运营管理"),
    ("开发区综合发展水平考核评价", "产业基础、科技创新、开放合作和绿色发展"),
    ("综合保税区维修业务监管", "维修范围、监管方式和风险防控"),
    ("开发区安全生产专项整治", "风险排查、责任落实和应急管理"),
    ("开发区土地节约集约利用", "亩均效益、存量盘活和标准地出让"),
]
POLICY_TITLES = [
    "解读：{name}的若干举措",
    "一文读懂{name}新要求",
    "{name}有哪些新变化？五问五答",
    "政策要点：{name}",
    "图解：{name}",
    "{name}政策的三个看点",
]
POLICY_INTRO = [
    "近期出台的政策文件围绕{aspects}等方面，对{name}作出部署。本文梳理其中的要点，供各地开发区参考。",
    "{name}是各地开发区普遍关心的问题。协会研究咨询部结合有关文件，就{aspects}等方面的要点作简要解读。",
    "记者梳理发现，此次关于{name}的政策在{aspects}上有不少新提法、新举措，与开发区工作密切相关。",
]
POLICY_POINTS = [
    (
        "明确总体要求",
        "文件提出，{name}要坚持问题导向和目标导向相结合，到“十五五”末形成一批可复制推广的制度成果。",
    ),
    (
        "突出分类指导",
        "针对不同类型、不同发展阶段的开发区，文件在{aspects}方面提出差异化要求，避免“一刀切”。",
    ),
    (
        "强化要素保障",
        "在{name}中，文件要求在用地、用能和资金等要素配置上向发展质量高、亩均效益好的开发区倾斜。",
    ),
    (
        "压实工作责任",
        "文件明确，各地要把{name}纳入年度重点工作，建立定期调度和评估机制，确保各项措施落地见效。",
    ),
    ("鼓励改革探索", "文件鼓励有条件的开发区在{aspects}等方面先行先试，形成经验后及时总结推广。"),
    (
        "加强监测评价",
        "围绕{name}，文件提出建立统计监测和评价指标体系，评价结果作为政策支持的重要依据。",
    ),
]
POLICY_QA = [
    (
        "这项政策出台的背景是什么？",
        "近年来，各地开发区在{aspects}方面遇到一些新情况新问题，需要在制度层面加以规范和引导，{name}的政策由此出台。",
    ),
    (
        "哪些开发区适用？",
        "政策适用于国家级和省级各类开发区，{name}的有关要求对其他产业园区也有参考意义。",
    ),
    (
        "与以往相比有哪些新变化？",
        "最大的变化是在{aspects}上更加注重实效，{name}从“重审批”转向“重监管、重服务”。",
    ),
    (
        "开发区应如何抓好落实？",
        "建议各地开发区对照{name}的要求开展自查，梳理短板弱项，制定具体落实方案。",
    ),
]
POLICY_EXPERT = [
    "有关专家认为，{name}政策释放了明确信号：开发区要从规模扩张转向质量提升，在{aspects}上下更大功夫。",
    "协会研究咨询部负责人表示，将跟踪{name}政策的落实情况，及时收集会员单位的意见建议并向有关部门反映。",
]

# --- Notices ---------------------------------------------------------------------------

NOTICES = [
    ("关于发展新会员的通知", "membership"),
    ("关于召开2026年度会员代表大会的通知", "assembly"),
    ("关于开展开发区高质量发展优秀案例征集工作的通知", "cases"),
    ("关于举办开发区招商引资专题培训班的通知", "training"),
    ("关于《中国开发区》杂志2027年度征订工作的公告", "subscription"),
    ("关于调整协会秘书处办公地址的公告", "office"),
]


SALUTATIONS = {
    "membership": "各有关单位：",
    "assembly": "各会员单位：",
    "cases": "各理事单位、会员单位：",
    "training": "各开发区管理机构：",
}


def notice_body(kind, contact, date):
    """A formal notice in the association's format, signed and dated; `contact` holds the
    placeholder phone and e-mail of the demo's one settings block (DEMO_CONTACT)."""
    phone, email = contact["phone"], contact["email"]
    head = f"<p>{SALUTATIONS[kind]}</p>" if kind in SALUTATIONS else ""
    sign = f'<p class="signature">中国开发区协会<br>{date:%Y年%-m月%-d日}</p>'
    if kind == "membership":
        body = (
            "<p>为进一步扩大协会覆盖面，更好地服务开发区发展，协会现面向全国各类开发区"
            "管理机构及相关企事业单位发展新会员。</p><h2>一、申请条件</h2><p>依法设立、拥护本会章程、"
            "有加入本会意愿的开发区管理机构及相关单位。</p><h2>二、办理方式</h2><p>请下载并填写"
            "本通知所附《入会申请表》，加盖公章后报送协会秘书处。</p>"
            f"<p>联系电话：{phone}；电子邮箱：{email}。</p>"
        )
    elif kind == "assembly":
        body = (
            "<p>经研究，协会定于2026年12月在北京召开年度会员代表大会。现将有关事项通知如下。</p>"
            "<h2>一、会议内容</h2><p>审议理事会工作报告和财务报告，审议通过新发展会员名单，表彰年度优秀会员单位。</p>"
            "<h2>二、参会人员</h2><p>各会员单位推选的会员代表一人，理事单位负责同志。</p>"
            "<h2>三、有关要求</h2><p>请各会员单位于会前两周将参会回执报送协会秘书处，会议期间食宿统一安排，费用自理。</p>"
            f"<p>会务联系电话：{phone}。</p>"
        )
    elif kind == "cases":
        body = (
            "<p>为总结推广开发区改革创新经验，协会决定开展高质量发展优秀案例征集工作。</p>"
            "<h2>一、征集范围</h2><p>案例围绕产业培育、营商环境、绿色低碳和开放合作等方面，每个单位限报两个，"
            "应为近三年来实施且取得明显成效的做法。</p><h2>二、报送要求</h2><p>案例文字稿每篇不超过五千字，"
            "可附图片和数据说明，以电子版形式报送。</p><h2>三、成果运用</h2><p>协会将组织专家评审，"
            "入选案例收入年度案例汇编，并在《中国开发区》杂志和协会网站择优刊发。</p>"
            f"<p>报送邮箱：{email}。</p>"
        )
    elif kind == "training":
        body = (
            "<p>为提升开发区招商引资工作水平，协会定于下月在成都举办专题培训班。</p>"
            "<h2>一、培训内容</h2><ol><li>产业链招商的方法与案例；</li><li>招商项目的评估与风险防范；</li>"
            "<li>招商政策合规要点。</li></ol><h2>二、培训对象</h2><p>各开发区分管招商工作的负责同志和招商部门业务骨干。</p>"
            "<h2>三、报名方式</h2><p>请于开班前十日将报名回执发送至协会秘书处，名额有限，额满为止。</p>"
            f"<p>培训报名电话：{phone}。</p>"
        )
    elif kind == "subscription":
        body = (
            "<p>《中国开发区》是协会主办的会刊，全面反映开发区建设发展成就，刊发政策解读、园区案例和理论研究成果。</p>"
            "<p>2027年度征订工作现已启动，全年十二期，欢迎各开发区管理机构、企业和研究单位订阅。"
            "会员单位可享受优惠价格，订阅两份以上的单位赠送电子版。</p>"
            f"<p>征订咨询电话：{phone}；征订邮箱：{email}。</p>"
        )
    else:
        body = (
            "<p>因工作需要，协会秘书处自下月起迁至新址办公。搬迁期间各项业务正常办理，"
            "来函来件请寄新地址，联系电话和电子邮箱保持不变。</p>"
            f"<p>秘书处电话：{phone}；秘书处邮箱：{email}。特此公告。</p>"
        )
    return head + body + sign


# --- The writer --------------------------------------------------------------------------


@dataclass
class Writer:
    """Fills templates, never writing the same paragraph twice."""

    rng: random.Random
    used: set = field(default_factory=set)
    templates: set = field(default_factory=set)  # those of the article being written

    def paragraph(self, templates, values):
        """A paragraph from the first template (in a random order) that gives new text.
        Its minor figures are drawn afresh, so one story does not repeat a percentage."""
        values = {**values, **self.figures()}
        for template in self.rng.sample(templates, len(templates)):
            if template in self.templates:
                continue  # once per article, whatever its figures
            text = template.format(**values)
            if text not in self.used:
                self.used.add(text)
                self.templates.add(template)
                return f"<p>{text}</p>"
        return ""

    def figures(self):
        rng = self.rng
        return {
            "firms": rng.randint(120, 2400),
            "big": rng.randint(30, 900),
            "p": rng.randint(6, 38),
            "k": rng.randint(3, 16),
            "v": rng.randint(12, 180),
            "d": rng.randint(15, 60),
        }

    def values(self, **known):
        rng = self.rng
        ind1, ind2 = rng.sample(INDUSTRIES, 2)
        values = {
            **self.figures(),
            "year": rng.randint(1992, 2012),
            "area": rng.choice([12.5, 18, 26.8, 32, 45.6, 58, 73.2, 96]),
            "months": rng.randint(5, 10),
            "m": rng.randint(5, 120),
            "ind1": ind1,
            "ind2": ind2,
            "company": rng.choice(COMPANIES),
            "direction": rng.choice(DIRECTIONS),
        }
        values.update(known)
        return values

    def zone_news(self, subject, values, topic, image):
        self.templates = set()
        key = subject
        parts = [values["lead_html"]]
        details = DETAILS[key]
        form = self.rng.choice(["report", "brief", "data", "feature"])
        if form == "brief":
            parts.append(self.paragraph(details, values))
            if image:
                parts.insert(1, image)
            return "".join(parts), form
        middle = [self.paragraph(details, values) for _ in range(self.rng.randint(1, 3))]
        if topic:
            middle.append(self.paragraph([TOPIC_DETAILS[topic]], values))
        if self.rng.random() < 0.6:
            middle.append(self.paragraph(SERVICE, values))
        if self.rng.random() < 0.7:
            middle.append(self.paragraph(QUOTES, values))
        self.rng.shuffle(middle)
        if self.rng.random() < 0.5:
            middle.insert(0, self.paragraph(BACKGROUND, values))
        if image:
            parts.append(image)
        if form == "feature":
            first, second = HEADINGS[key]
            half = max(1, len(middle) // 2)
            parts += [f"<h2>{first}</h2>", *middle[:half], f"<h2>{second}</h2>", *middle[half:]]
        else:
            parts += middle
        if form == "data":
            rng = self.rng
            parts.append(
                "<table><thead><tr><th>指标</th><th>数值</th><th>同比</th></tr></thead><tbody>"
                f"<tr><td>规上工业增加值</td><td>{rng.randint(80, 600)}亿元</td><td>+{rng.randint(3, 15)}%</td></tr>"
                f"<tr><td>实际使用外资</td><td>{rng.randint(1, 30)}亿美元</td><td>+{rng.randint(2, 20)}%</td></tr>"
                f"<tr><td>固定资产投资</td><td>{rng.randint(50, 400)}亿元</td><td>+{rng.randint(2, 18)}%</td></tr>"
                "</tbody></table>"
            )
            parts.append(self.paragraph(ANALYSIS, values))
        if self.rng.random() < 0.75:
            parts.append(self.paragraph(OUTLOOK, values))
        return "".join(parts), form

    def interview(self, values):
        self.templates = set()
        rng = self.rng
        parts = [
            self.paragraph(
                [
                    "编者按：{zone}近年来发展势头强劲，{ind1}产业集群初具规模。围绕园区发展的新思路、新举措，记者近日专访了{zone}管委会负责人。",
                    "{zone}是{place}重要的产业平台。近日，记者走进{zone}，就园区如何在新一轮竞争中抢占先机，与管委会负责人进行了对话。",
                ],
                values,
            )
        ]
        for question, answer in rng.sample(INTERVIEW_QA, rng.randint(3, 5)):
            parts.append(f"<p><strong>记者：</strong>{question.format(**values)}</p>")
            text = answer.format(**{**values, **self.figures()})
            self.used.add(text)
            parts.append(f"<p><strong>负责人：</strong>{text}</p>")
        return "".join(parts)

    def conference(self, event, city, topic, partner, values, image):
        self.templates = set()
        rng = self.rng
        values = {
            **values,
            "event": event,
            "city": city,
            "topic": topic,
            "partner": partner,
            "provinces": rng.randint(18, 31),
            "count": rng.choice([120, 150, 180, 200, 260, 300]),
            "cases": rng.randint(8, 40),
            "editions": rng.randint(3, 12),
            "sites": "、".join(rng.sample(SITES, 2)),
        }
        parts = [self.paragraph(EVENT_OPEN, values)]
        if image:
            parts.append(image)
        middle = [self.paragraph(EVENT_SPEECH, values), self.paragraph(EVENT_EXCHANGE, values)]
        if rng.random() < 0.7:
            middle.append(self.paragraph(EVENT_EXPERT, values))
        if rng.random() < 0.7:
            middle.append(self.paragraph(EVENT_OUTCOME, values))
        rng.shuffle(middle)
        parts += middle
        if rng.random() < 0.6:
            parts.append(self.paragraph(EVENT_VISIT, values))
        if rng.random() < 0.8:
            parts.append(self.paragraph(EVENT_CLOSE, values))
        return "".join(parts)

    def policy(self, name, aspects, image):
        self.templates = set()
        rng = self.rng
        values = {"name": name, "aspects": aspects}
        parts = [self.paragraph(POLICY_INTRO, values)]
        if image:
            parts.append(image)
        if rng.random() < 0.5:
            points = rng.sample(POLICY_POINTS, rng.randint(3, 5))
            numbers = "一二三四五"
            for index, (heading, text) in enumerate(points):
                parts.append(f"<h2>{numbers[index]}、{heading}</h2>")
                parts.append(self.paragraph([text], values))
        else:
            for question, answer in rng.sample(POLICY_QA, rng.randint(3, 4)):
                parts.append(f"<h2>问：{question}</h2>")
                parts.append(self.paragraph([answer], values))
        if rng.random() < 0.7:
            parts.append(self.paragraph(POLICY_EXPERT, values))
        return "".join(parts)
