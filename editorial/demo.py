"""Demo word lists: a few common mistakes and sensitive words, so the checks show."""

from . import wordcheck

# Frequent mistakes in official writing (a starting list for the chief editors).
COMMON_MISTAKES = """
截止目前→截至目前
签定→签订
座落→坐落
渡假→度假
按装→安装
再接再励→再接再厉
一愁莫展→一筹莫展
迫不急待→迫不及待
甘败下风→甘拜下风
名符其实→名副其实
直接了当→直截了当
谈笑风声→谈笑风生
重蹈复辙→重蹈覆辙
鬼鬼崇崇→鬼鬼祟祟
默守成规→墨守成规
穿流不息→川流不息
出奇不意→出其不意
既往不究→既往不咎
一如继往→一如既往
人情事故→人情世故
世外桃园→世外桃源
走头无路→走投无路
美仑美奂→美轮美奂
原形必露→原形毕露
一股作气→一鼓作气
不径而走→不胫而走
金榜提名→金榜题名
精兵减政→精兵简政
声名雀起→声名鹊起
莫明其妙→莫名其妙
"""
# Placeholders that show how the two levels behave; real lists are the editors' business.
SENSITIVE_WORDS = "示例禁用词,block\n示例提醒词,warn\n"


def load(stdout):
    mistakes, _errors = wordcheck.parse_mistakes(COMMON_MISTAKES)
    wordcheck.import_mistakes(mistakes)
    words, _errors = wordcheck.parse_words(SENSITIVE_WORDS)
    wordcheck.import_words(words)
    stdout.write("Word lists ready.")
