//! Writing the answer files of a workspace, one entry at a time, for every
//! front end (the command line and the server call the same code).

pub mod edit;
