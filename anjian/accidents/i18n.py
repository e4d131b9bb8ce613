"""Chinese choice labels the accident pages show translated; the models keep them in Chinese
(GB 6441 kinds, 条例 grades) for exports and stored records."""

from django.utils.translation import gettext_noop

DISPLAY_VALUES = [
    # accidents.models.KINDS
    gettext_noop("物体打击"),
    gettext_noop("车辆伤害"),
    gettext_noop("机械伤害"),
    gettext_noop("起重伤害"),
    gettext_noop("触电"),
    gettext_noop("淹溺"),
    gettext_noop("灼烫"),
    gettext_noop("火灾"),
    gettext_noop("高处坠落"),
    gettext_noop("坍塌"),
    gettext_noop("冒顶片帮"),
    gettext_noop("透水"),
    gettext_noop("放炮"),
    gettext_noop("火药爆炸"),
    gettext_noop("瓦斯爆炸"),
    gettext_noop("锅炉爆炸"),
    gettext_noop("容器爆炸"),
    gettext_noop("其他爆炸"),
    gettext_noop("中毒和窒息"),
    gettext_noop("其他伤害"),
    # accidents.models.GRADES
    gettext_noop("一般事故"),
    gettext_noop("较大事故"),
    gettext_noop("重大事故"),
    gettext_noop("特别重大事故"),
    # accidents.models.SOURCES
    gettext_noop("事故单位报告"),
    gettext_noop("群众举报"),
    gettext_noop("医院"),
    gettext_noop("公安机关"),
    gettext_noop("新闻媒体"),
    gettext_noop("其他部门抄告"),
    gettext_noop("其他途径"),
    # accidents.models.LookbackTask.STATUS
    gettext_noop("待检查"),
    gettext_noop("检查中"),
    gettext_noop("已完成"),
    # Accident.flags()
    gettext_noop("瞒报"),
    gettext_noop("谎报"),
    gettext_noop("迟报"),
]
