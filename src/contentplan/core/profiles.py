"""Built-in platform profiles: what each platform takes
(docs/reference.md#built-in-platforms).

A rules file is merged over these, key by key. Every fact says where it comes
from, and how sure it is:

- *documented*: the platform's own help page or API reference says so;
- *enforced*: the platform's server refuses more, as its error messages show,
  though no reference page states it;
- *reported*: publishing tools and creator guides agree on it, but no page of
  the platform's own was found to confirm it;
- *common practice*: a convention, not a limit. Every slot list is one.

A profile sets `formats`, `max_title`, `title_units`, the slots that `plan`
and `fix` use, and the hard limits a platform documents. It sets no
`min_per_week` and no quiet hours: those are a brand's choices, not the
platform's. It sets no `mix` either: weibo, douyin and wechat get their role,
and the role gives the default mix (docs/reference.md#which-mix-target-applies).

`max_title` is measured on the post's `title`, which is the text the
platform limits: the whole text of a Weibo or an X post, a caption on
Instagram or TikTok, a video's title on YouTube or Bilibili.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from types import MappingProxyType

from contentplan.core.model import PlatformRules


def _slots(*texts: str) -> tuple[time, ...]:
    return tuple(time.fromisoformat(text) for text in texts)


_PROFILES = (
    PlatformRules(
        name="weibo",
        # Weibo is the information platform (news, launches).
        role="information",
        # Weibo takes text, pictures, video, live streams and long-form
        # "headline articles" (头条文章).
        formats=frozenset({"text", "image", "video", "live", "article"}),
        # Reported: the Weibo composer accepts posts of up to 2,000 characters
        # (longer text goes into a headline article). Weibo's own open-platform
        # reference (open.weibo.com/wiki/2/statuses/update) still states the
        # old 140-character limit for API posts; we found no official page
        # for 2,000.
        max_title=2000,
        # Common practice: morning commute, lunch break, evening peak.
        slots=_slots("09:00", "12:30", "20:00"),
    ),
    PlatformRules(
        name="wechat",
        # WeChat is the service platform (deep content, tools).
        role="service",
        # A WeChat Official Account mass-sends text, pictures, video and
        # articles (图文消息), per the batch-send reference below.
        formats=frozenset({"text", "image", "video", "article"}),
        # Documented: "对于认证订阅号，群发接口每天可成功调用1次" — a subscription
        # account can mass-send once a day (the web console gives the same one
        # push a day). WeChat Official Accounts docs, "Batch Sends and
        # Originality Checks", https://developers.weixin.qq.com/doc/offiaccount/
        # Message_Management/Batch_Sends_and_Originality_Checks.html
        # (A service account may push 4 times a month instead: set
        # max_per_week in the rules for one.)
        max_per_day=1,
        # Reported: an article title takes at most 64 characters. The draft-box
        # reference (https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/
        # Add_draft.html) says only that the limit is the console's.
        max_title=64,
        # Common practice: the morning read or the evening read.
        slots=_slots("08:00", "20:30"),
    ),
    PlatformRules(
        name="douyin",
        # Douyin is the entertainment platform (short video, emotion).
        role="entertainment",
        # Douyin publishes video, photo posts (图文) and live streams.
        formats=frozenset({"short-video", "video", "image", "live"}),
        # The only official figure we found is 60 characters, for the title a
        # mini-app hands to the Douyin publisher: Douyin Open Platform,
        # "UploadParam" (TitleConfig.title, "字数限制为 60 个字"),
        # https://developer.open-douyin.com/docs/resource/zh-CN/mini-app/develop/
        # api/retweet/video-publish/upload-param
        # Creator guides commonly cite 55 for the app's title box. We keep the
        # stricter 55, so that a title that passes here passes both.
        max_title=55,
        # Common practice: lunch, after work, late evening.
        slots=_slots("12:00", "18:30", "21:00"),
    ),
    PlatformRules(
        name="xiaohongshu",
        # Xiaohongshu notes are pictures or video.
        formats=frozenset({"image", "video", "short-video"}),
        # Reported: a note's title takes at most 20 characters; creator guides
        # and publishing tools agree, and the app cuts longer titles. We found
        # no official reference page for it.
        max_title=20,
        # Common practice: lunch and the evening browse.
        slots=_slots("12:00", "20:00"),
    ),
    PlatformRules(
        name="bilibili",
        # Bilibili takes video (landscape and vertical), articles (专栏),
        # dynamics (text and pictures) and live streams.
        formats=frozenset({"video", "short-video", "article", "text", "image", "live"}),
        # Enforced: the upload API refuses longer titles with code 21103,
        # "稿件标题过长,已经超过80个字符" (quoted in biliup/biliup#122 and
        # HarukaKinen/YoutubeToBilibili#2 on GitHub). No reference page states it.
        max_title=80,
        # Common practice: evening viewing.
        slots=_slots("18:00", "21:00"),
    ),
    PlatformRules(
        name="instagram",
        # Instagram posts pictures, video, reels and live streams; no text-only posts.
        formats=frozenset({"image", "video", "short-video", "live"}),
        # Reported: a caption takes at most 2,200 characters (Ayrshare's and
        # PostSyncer's Instagram API guides; Instagram's Help Center says the same).
        max_title=2200,
        # Documented: "An Instagram professional account can only publish 50
        # posts within a 24 hour moving period." Meta for Developers, "IG User
        # Media Publish", https://developers.facebook.com/docs/instagram-platform/
        # instagram-graph-api/reference/ig-user/media_publish
        # A local day lies inside some 24-hour period, so 50 a day is a bound
        # that always holds (the rolling limit is stricter still).
        max_per_day=50,
        # Common practice: lunch and early evening.
        slots=_slots("11:00", "18:00"),
    ),
    PlatformRules(
        name="tiktok",
        # TikTok publishes video, photo posts and live streams.
        formats=frozenset({"short-video", "video", "image", "live"}),
        # Reported: a video caption takes at most 2,200 characters (TikTok's
        # Content Posting API, "Direct Post", https://developers.tiktok.com/doc/
        # content-posting-api-reference-direct-post, as quoted by Ayrshare,
        # PostSyncer and Zernio; we could not read the field table itself).
        max_title=2200,
        # Common practice: lunch and evening.
        slots=_slots("12:00", "19:00"),
    ),
    PlatformRules(
        name="x",
        formats=frozenset({"text", "image", "video", "live"}),
        # Documented: a post holds up to 280 characters, and CJK characters and
        # emoji weigh 2 each. X Developer Platform, "Counting characters",
        # https://docs.x.com/fundamentals/counting-characters
        max_title=280,
        title_units="weighted",
        # Common practice: morning, lunch, evening.
        slots=_slots("08:00", "12:00", "17:00"),
    ),
    PlatformRules(
        name="linkedin",
        formats=frozenset({"text", "image", "video", "article", "live"}),
        # Reported: a post's text takes at most 3,000 characters (Ayrshare's and
        # PostSyncer's LinkedIn API guides). We found no LinkedIn page for it.
        max_title=3000,
        # Common practice: working hours, Tuesday to Thursday mostly.
        slots=_slots("09:00", "12:00"),
    ),
    PlatformRules(
        name="facebook",
        formats=frozenset({"text", "image", "video", "short-video", "live"}),
        # Reported: a post's text takes at most 63,206 characters (Upload-Post's
        # "Social Media Character Limits"). We found no Meta page for it.
        max_title=63206,
        # Common practice: mid-morning and early afternoon.
        slots=_slots("09:00", "13:00"),
    ),
    PlatformRules(
        name="youtube",
        formats=frozenset({"video", "short-video", "live"}),
        # Documented: "The video title is required, must not exceed 100
        # characters". Google Ads API reference, "YouTubeVideoUpload"
        # (video_title), https://developers.google.com/google-ads/api/reference/
        # rpc/latest/YouTubeVideoUpload; YouTube Studio gives the same limit.
        max_title=100,
        # Common practice: afternoon, ahead of evening viewing.
        slots=_slots("15:00", "18:00"),
    ),
)

BUILTIN_PROFILES: Mapping[str, PlatformRules] = MappingProxyType(
    {profile.name: profile for profile in _PROFILES}
)
"""Every built-in platform, by name."""
