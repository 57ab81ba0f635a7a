from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.admin import EditorialForm, SluggedForm, check_uploaded_image
from events.models import Event, Photo

# Words that say nothing to a reader who cannot see the image.
EMPTY_ALT_TEXTS = {"image", "photo", "picture", "img", "pic", "photograph"}


class EventForm(SluggedForm):
    slug_from = "title"

    class Meta:
        model = Event
        fields = "__all__"
        widgets = {"title": forms.TextInput(attrs={"class": "vLargeTextField"})}


class PhotoForm(EditorialForm):
    class Meta:
        model = Photo
        fields = "__all__"
        widgets = {
            "alt_text": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})
        }

    def clean_image(self):
        image = self.cleaned_data.get("image")
        check_uploaded_image(image)
        return image

    def clean_alt_text(self):
        alt_text = self.cleaned_data.get("alt_text", "").strip()
        if alt_text.lower().rstrip(".") in EMPTY_ALT_TEXTS or PurePath(
            alt_text
        ).suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"}:
            raise ValidationError(
                _(
                    "Describe what the image shows for readers who cannot see it, "
                    "for example “Four men waving from a White House balcony”."
                )
            )
        return alt_text

    def clean_credit(self):
        credit = self.cleaned_data.get("credit", "").strip()
        if credit.lower() in {"unknown", "n/a", "-", "?"}:
            raise ValidationError(
                _(
                    "Name who took or owns the photo, as the source credits it "
                    "(for example “Alex Brandon/AP” or “GPO”). Without a known "
                    "credit, do not publish the photo."
                )
            )
        return credit
