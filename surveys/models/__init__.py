"""The app's models, one module per subject."""

from surveys.models.responses import Comment, SurveyResponse
from surveys.models.surveys import Survey, SurveyQuestion, survey_document_path

__all__ = ["Comment", "Survey", "SurveyQuestion", "SurveyResponse", "survey_document_path"]
