"""Word lists for Simplified text: post titles, honorifics, surnames, speech verbs.

jieba ships no surname table and no list of Chinese post titles, so these short
lists live here.  Everything is Simplified: matching runs on t2s text.
"""

from __future__ import annotations

import re

# Front-line posts that also stand before a name (保洁员金华, 厨师长区永康).
_STAFF_TITLES = [
    "保洁员",
    "管理员",
    "联络员",
    "安全员",
    "维修员",
    "炊事员",
    "驾驶员",
    "调度员",
    "网格员",
    "信息员",
    "技术员",
    "厨师",
    "营养师",
    "保安员",
    "电工",
    "水电工",
    "楼管员",
    "宿管",
    "教师",
    "会计师",
    "出纳",
]
# Head words a post title ends with ("校党委书记" ends with "书记").
TITLE_HEADS = sorted(
    set(_STAFF_TITLES)
    | set(
        [
            "书记",
            "副书记",
            "校长",
            "副校长",
            "校长助理",
            "常务副校长",
            "处长",
            "副处长",
            "部长",
            "副部长",
            "主任",
            "副主任",
            "院长",
            "副院长",
            "常委",
            "委员",
            "楼长",
            "宿管员",
            "护士长",
            "科长",
            "副科长",
            "馆长",
            "副馆长",
            "经理",
            "总经理",
            "副经理",
            "主管",
            "组长",
            "副组长",
            "队长",
            "副队长",
            "所长",
            "副所长",
            "主席",
            "副主席",
            "秘书长",
            "副秘书长",
            "调研员",
            "干事",
            "会计",
            "教授",
            "副教授",
            "教官",
            "教员",
            "工程师",
            "站长",
            "厂长",
            "园长",
            "医生",
            "总支书记",
            "董事长",
            "总监",
            "秘书",
            "部长助理",
            "助理",
            "成员",
            "主任助理",
            "总务长",
            "辅导员",
            "班主任",
            "专员",
            "负责人",
            "理事长",
            "主任医师",
            "护士",
            "厨师长",
            "主编",
            "督察",
            "巡视员",
            "监事",
            "会长",
            "副会长",
            "社长",
            "科员",
            "管理员",
            "班长",
            "校医",
            "局长",
            "副局长",
            "厅长",
            "司长",
            "总会计师",
            "总工程师",
            "总经济师",
            # 处调/科调: a 处级/科级 调研员, written short after the name (王平处调)
            "处调",
            "科调",
        ]
    ),
    key=len,
    reverse=True,
)
TITLE_HEAD_RE = "(?:" + "|".join(TITLE_HEADS) + ")"

# Short forms used with a surname for a later mention: 张书记, 姜校, 王处.
REF_TITLES = sorted(
    set(
        [
            "书记",
            "副书记",
            "校长",
            "副校长",
            "校",
            "处长",
            "副处长",
            "处",
            "部长",
            "副部长",
            "主任",
            "副主任",
            "院长",
            "副院长",
            "常委",
            "科长",
            "馆长",
            "经理",
            "总",
            "主席",
            "队长",
            "所长",
            "老师",
            "教授",
            "局长",
            "站长",
            "组长",
            "楼长",
            "董",
            "总监",
            "会长",
            "总经理",
            "副总经理",
            "董事长",
            "主管",
            "书记员",
        ]
    ),
    key=len,
    reverse=True,
)

HONORIFICS = ("同志", "老师", "先生", "女士", "师傅")

COMPOUND_SURNAMES = set(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "呼延",
        "申屠",
        "太史",
        "闻人",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "钟离",
        "赫连",
        "拓跋",
        "万俟",
        "第五",
        "百里",
        "东郭",
        "南门",
        "羊舌",
        "左丘",
    ]
)

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查"
    "麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴"
    "盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭"
    "况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "赖洪丘畅竺习仉"
    # the rest of the Hundred Family Surnames (百家姓) that are not everyday words
    "傅萧阎巢昌凤酆贲钮荀羿汲邴糜隗宓郗钭韶蓟郦逄璩濮郏宦庾暨殳蔚夔厍訾乜蒯莘桓贝滑弓牧蓬仰苍贡宰寿慎禄沃融"
    # … and those that are: they start a name only with a title or honorific beside it (WEAK_SURNAMES)
    "水经家山秋暴怀咸籍双扶堵通别充鱼终步弘广东空养须红益松越鄂"
)
# Single characters that are surnames but far more often words at a clause start; they
# only start a name when a title or honorific vouches for it.
WEAK_SURNAMES = set(
    "和时全明平国都于向原南海位来那花支计门初信相由应公成高安"
    "水经家山秋暴怀咸籍双扶堵通别充鱼终步弘广东空养须红益松越鄂"
)

# Characters that almost never end a given name but often start the word after one.
NOT_NAME_END = set(
    "副在作做说等和与及对就为也还任首先分最代主宣通汇指强要表讲出参提希传布部回介同被将把从于是了的向"
    "均各领已又再都所到"
)
# Characters of NOT_NAME_CHAR that a given name may still end with when a title follows it (周经日经理).
NAME_CHAR_BEFORE_TITLE = {"日"}
NOT_NAME_CHAR = set(
    "的了在是和与及等、，。被将把对向从为于也又都就而并或之其这那个们位名二三四五六七八九十年月日人会上下各办"
)

# What may follow a name directly (besides a title head or honorific).
AFTER_NAME = [
    "主持",
    "宣读",
    "宣布",
    "通报",
    "汇报",
    "报告",
    "发言",
    "讲话",
    "指出",
    "强调",
    "要求",
    "说",
    "表示",
    "介绍",
    "分析",
    "总结",
    "代表",
    "作",
    "做",
    "出席",
    "参加",
    "首先",
    "还",
    "最后",
    "先后",
    "分别",
    "也",
    "在",
    "就",
    "对",
    "带领",
    "提出",
    "希望",
    "传达",
    "布置",
    "部署",
    "回顾",
    "解读",
    "致辞",
    "认为",
    "补充",
    "点评",
    "谈",
    "任",
    "担任",
    "当选",
    "以《",
    "以“",
    "纷纷",
    "主讲",
    "等",
    "及",
    "和",
    "与",
    "以及",
    "同",
    "被",
    "为",
    "陪同",
    "列席",
    "参与",
    "结合",
    "围绕",
    "听取",
    "对此",
    "负责",
    "牵头",
    "领学",
    "传达",
    "重申",
    "随后",
    "接着",
    "又",
    "则",
    "进行",
    "一行",
    "简要",
    "详细",
    "全面",
    "重点",
    "逐一",
    "从",
    "向",
    "作了",
    "做了",
    "率先",
    "同时",
    "针对",
    "通过",
    "宣讲",
    "动员",
    "总结讲话",
    "代表学校",
    "到会",
    "致",
    "依次",
    "相继",
]
AFTER_NAME_RE = "(?:" + "|".join(sorted(set(AFTER_NAME), key=len, reverse=True)) + ")"

# What may precede a name directly (besides punctuation or a title head).
BEFORE_NAME = [
    "由",
    "有",  # 出席会议的人员有焦某院长
    "会上",
    "及",
    "和",
    "与",
    "以及",
    "请",
    "邀请",
    "任命",
    "聘任",
    "免去",
    "同意",
    "其中",
    "随后",
    "最后",
    "首先",
    "接着",
    "了",
    "对",
    "向",
    "经",
    "同志",
    "提名",
    "推荐",
    "决定",
    "宣布",
    "主持人",
    "汇报人",
    "发言人",
    "陪同",
    "听取",
    "关于",
    "经",
    "据",
    "领导",  # 集团领导霍某通报了…: a leader named without a post
]

PUNCT = set(" \t\n，,。；;：:！!？?、（）()[]【】《》“”\"'‘’「」『』…—-·")
SENT_END = "。！？!?\n"
CLAUSE_END = "。！？!?\n，,；;：:"

CN_DIGITS = "〇零一二两三四五六七八九十百"


def is_han(ch: str) -> bool:
    """True for a CJK unified ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_TITLE_SET = frozenset(TITLE_HEADS)
_TITLE_MAX = max(map(len, TITLE_HEADS))
# first and last characters of title heads: a cheap test before any slicing
_TITLE_FIRST = frozenset(t[0] for t in TITLE_HEADS)
_TITLE_LAST = frozenset(t[-1] for t in TITLE_HEADS)


def ends_with_title(s: str) -> str | None:
    """The (longest) title head ``s`` ends with, or None (set lookups: cheaper than a regex here)."""
    if not s or s[-1] not in _TITLE_LAST:
        return None
    for k in range(min(_TITLE_MAX, len(s)), 0, -1):
        if s[-k:] in _TITLE_SET:
            return s[-k:]
    return None


TITLE_PHRASE = re.compile(rf"^[\u4e00-\u9fffA-Za-z0-9]{{0,18}}?{TITLE_HEAD_RE}$")


# 副总经理, 常务副处长, 执行主任: a rank before any title head is part of the title
_TITLE_RANKS = ("常务副", "副", "常务", "执行", "专职")


def starts_with_title(s: str, pos: int = 0) -> str | None:
    """The (longest) title head starting at ``pos`` of ``s`` (with a rank before it), or None."""
    for rank in _TITLE_RANKS:
        if s.startswith(rank, pos):
            head = _head_at(s, pos + len(rank))
            if head:
                return rank + head
    return _head_at(s, pos)


def _head_at(s: str, pos: int) -> str | None:
    if s[pos : pos + 1] not in _TITLE_FIRST:
        return None
    for k in range(_TITLE_MAX, 0, -1):
        w = s[pos : pos + k]
        if len(w) == k and w in _TITLE_SET:
            return w
    return None
