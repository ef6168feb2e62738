from information.models.contacts import Contact
from information.models.news import NewsItem
from information.models.pages import FocusAreaGoal, Page
from information.models.stories import Story

__all__ = ["Contact", "FocusAreaGoal", "NewsItem", "Page", "Story"]
