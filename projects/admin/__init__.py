"""The coordinators' admin of projects, topics and adoptions.

Every write goes through ``projects.services``.
"""

from projects.admin.adoptions import AdoptionAdmin
from projects.admin.follows import DigestAdmin, NoticeAdmin
from projects.admin.freshness import CurrentReminderAdmin, FreshnessIntervalAdmin
from projects.admin.projects import ProjectAdmin
from projects.admin.reuse import AnswerAdmin, ExperienceReportAdmin, QuestionAdmin
from projects.admin.thesaurus import SynonymGroupAdmin, WordPartAdmin
from projects.admin.topics import TopicAdmin

__all__ = [
    "AdoptionAdmin",
    "AnswerAdmin",
    "ExperienceReportAdmin",
    "CurrentReminderAdmin",
    "DigestAdmin",
    "NoticeAdmin",
    "FreshnessIntervalAdmin",
    "ProjectAdmin",
    "QuestionAdmin",
    "SynonymGroupAdmin",
    "TopicAdmin",
    "WordPartAdmin",
]
