//! What a caller may see of the organisation list: the ones it may read.

use govtrack_auth::Caller;

use crate::types::OrgList;

/// Drops the organisations `caller` may not read.
pub(crate) fn keep_readable(mut list: OrgList, caller: &Caller) -> OrgList {
    list.orgs.retain(|o| caller.may_read(&o.org));
    list
}
