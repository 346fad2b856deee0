// The reference article of SPEC §1 as model values, shared by the render tests.
#pragma once

#include "model/pages.h"

namespace gazette::render::testing {

// 2024-07-11 08:32 in Asia/Ho_Chi_Minh.
inline constexpr model::UnixSeconds kPublishedAt = 1720661520;

model::SiteInfo ReferenceSite();
model::Edition French();
model::Edition English();
model::Edition Vietnamese();
model::ArticleCard ReferenceCard();
model::ArticlePage ReferencePage();

}  // namespace gazette::render::testing
