//! The command line's help and usage errors (see `help.rs`).

#[allow(unused_imports)]
use super::*;

// ── The command line's help and usage errors (`chiso --help`, clap's errors) ──

/// What a command does, for `chiso --help` and `chiso COMMAND --help`
/// (`command` is the path of subcommand names, `""` for chiso itself,
/// `"key new"` for a nested one).
pub fn command_about(command: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match command {
        "" => (
            "Chấm điểm Chỉ số cải cách hành chính (PAR Index) theo quy chế của tỉnh",
            "Scores the administrative-reform index (PAR Index) as the province's regulation prescribes",
        ),
        "check" => (
            "Kiểm tra một năm: bộ tiêu chí, danh sách đơn vị, bản tự đánh giá, kết quả thẩm định và số liệu chính thức",
            "Validate a year: criteria, units, self-assessments, appraisals and official data",
        ),
        "score" => (
            "Tính điểm, chỉ số, xếp loại và xếp hạng theo khối",
            "Compute points, indices, ratings and rankings by block",
        ),
        "show" => (
            "Bảng điểm của một đơn vị: mọi tiêu chí với điểm tối đa, tự chấm, thẩm định và lý do",
            "A unit's score sheet: every criterion with max, self, final points and reasons",
        ),
        "explain" => (
            "Cách một tiêu chí của đơn vị được tính điểm: dữ kiện và nguồn, mức hoặc công thức, điều chỉnh",
            "How one criterion of a unit got its points: inputs and sources, band or formula, adjustments",
        ),
        "export" => (
            "Kết quả để công bố: tổng hợp, xếp hạng so với năm trước, hệ quả của xếp loại, bảng điểm từng đơn vị",
            "Publishable results: summary, rankings with the change from last year, consequences, every unit's score sheet",
        ),
        "history" => (
            "Chỉ số, xếp loại, hạng qua các năm của một đơn vị (qua đổi tên, hợp nhất) hoặc mọi đơn vị, kèm hệ quả",
            "Index, rating and rank per year for one unit (through renames and mergers) or all units, with consequences",
        ),
        "diff" => (
            "Thay đổi của bộ tiêu chí giữa hai năm: khối, thang xếp loại, tiêu chí thêm, bỏ, chuyển mã, sửa",
            "What changed in the criteria between two years: blocks, rating scale, criteria added, removed, moved, changed",
        ),
        "new-year" => (
            "Lập bộ tiêu chí năm sau từ năm nay: chép criteria/TỪ sang criteria/ĐẾN, đổi năm và số hiệu quy chế (giữ chú thích)",
            "Start next year's criteria from this year's: copy criteria/FROM to criteria/TO with the year and id updated (comments kept)",
        ),
        "template" => (
            "Mẫu bản tự đánh giá của một đơn vị, có đủ tiêu chí, hướng dẫn chấm và tài liệu kiểm chứng cần có",
            "A self-assessment to fill in for a unit, with every criterion, its guidance and the evidence it needs",
        ),
        "lock" => (
            "Khóa kết quả cuối cùng: ghi kết quả và mã SHA-256 của mọi tệp đầu vào vào scores/NĂM/results.lock.toml",
            "Lock the final results: record them and a SHA-256 of every input in scores/YEAR/results.lock.toml",
        ),
        "verify" => (
            "Tính lại năm đã khóa: tệp, kết quả, trường nào của bản khóa đã thay đổi, chữ ký còn hợp lệ không",
            "Recompute a locked year: which inputs, results and fields of the lock changed, whether its signature holds",
        ),
        "key" => (
            "Khóa ký cho kết quả đã khóa",
            "Signing keys for locked results",
        ),
        "key new" => (
            "Tạo cặp khóa Ed25519: khóa bí mật ghi vào TỆP_KHÓA (ngoài thư mục làm việc), khóa công khai in ra để ghi vào quy chế",
            "Make an Ed25519 key pair: the private key goes to KEYFILE (outside the workspace), the public key is printed for the regulation",
        ),
        "notify" => (
            "Thông báo của Hội đồng gửi đơn vị sau một vòng thẩm định: tiêu chí được điều chỉnh, điểm, lý do",
            "The council's letter to a unit after an appraisal round: the criteria decided, points and reasons",
        ),
        "review" => (
            "Danh sách cần xem xét của Hội đồng, xếp theo mức có thể làm thay đổi chỉ số",
            "The council's worklist, by how much each item can move the index",
        ),
        "test" => (
            "Chạy các trường hợp kiểm thử của quy chế (criteria/NĂM/tests/*.toml)",
            "Run the regulation's test cases (criteria/YEAR/tests/*.toml)",
        ),
        "import" => (
            "Nhập bảng xuất từ phần mềm hoặc phụ lục báo cáo (CSV, XLSX) vào số liệu chính thức (scores/NĂM/data/)",
            "Import a vendor export or report table (CSV, XLSX) into the year's official data (scores/YEAR/data/)",
        ),
        "import self" => (
            "Nhập bảng tính tự đánh giá đã điền (lập bằng template --format xlsx) vào scores/NĂM/self/ĐƠN_VỊ.toml, giữ chú thích và thứ tự của tệp",
            "Read a unit's filled self-assessment workbook (made by template --format xlsx) into scores/YEAR/self/UNIT.toml, keeping the file's comments and order",
        ),
        "serve" => (
            "Chạy ứng dụng web của kỳ đánh giá (docs/serve.md): đơn vị tự đánh giá trên trình duyệt",
            "Run the season's web application (docs/serve.md): units fill in their self-assessment in a browser",
        ),
        "audit" => (
            "In nhật ký thao tác của ứng dụng web (.chiso/server.db) và kiểm tra chuỗi băm của nhật ký (mã thoát 1 nếu nhật ký đã bị sửa hoặc cắt bớt)",
            "Print the web application's audit log (.chiso/server.db) and check its chain of hashes (exit 1 when it was edited or cut)",
        ),
        "user" => (
            "Quản lý tài khoản của ứng dụng web (lưu trong .chiso/server.db)",
            "Manage the web application's accounts (kept in .chiso/server.db)",
        ),
        "user add" => (
            "Tạo tài khoản; mật khẩu được gõ hai lần không hiện trên màn hình, hoặc đọc từ đầu vào chuẩn với --password-stdin",
            "Create an account; the password is typed twice without echo, or read from standard input with --password-stdin",
        ),
        "user passwd" => (
            "Đặt mật khẩu mới; các phiên đăng nhập của tài khoản kết thúc",
            "Set a new password; the account's sessions end",
        ),
        "user disable" => (
            "Khóa tài khoản từ nay; các phiên đăng nhập của tài khoản kết thúc",
            "Refuse the account's logins from now on; its sessions end",
        ),
        "user list" => (
            "Liệt kê các tài khoản, vai trò và đơn vị",
            "List the accounts, their roles and units",
        ),
        "import appraisal" => (
            "Nhập bảng tính thẩm định đã điền (lập bằng template --for appraisal) vào scores/NĂM/appraisal/ĐƠN_VỊ.toml: thay các điều chỉnh của vòng đó, giữ các vòng khác và chú thích",
            "Read a filled appraisal workbook (made by template --for appraisal) into scores/YEAR/appraisal/UNIT.toml: the round's adjustments are replaced, other rounds and comments kept",
        ),
        "help" => (
            "In trợ giúp của chiso hoặc của các lệnh đã nêu",
            "Print this help or the help of the given command(s)",
        ),
        _ => return None,
    };
    Some(if lang == Lang::Vi { vi } else { en })
}

/// One or two examples per command, shown under its help (the same in both languages).
pub fn command_examples(command: &str) -> &'static [&'static str] {
    match command {
        "" => &[
            "chiso check 2025",
            "chiso score 2025",
            "chiso show 2025 STP",
            "chiso score --help",
        ],
        "check" => &[
            "chiso check 2025 --unit STP",
            "chiso check 2026 --criteria --errors-only",
        ],
        "score" => &[
            "chiso score 2025",
            "chiso score 2025 --block so -o ket-qua.csv",
        ],
        "show" => &[
            "chiso show 2025 STP",
            "chiso show 2025 STP -o bang-diem-STP.html",
        ],
        "explain" => &[
            "chiso explain 2025 STP 3.3.1",
            "chiso explain 2025 STP 3.3.1 -o giai-thich.html",
        ],
        "export" => &[
            "chiso export 2025 -o ket-qua-2025.xlsx",
            "chiso export 2025 -o ket-qua-2025.html",
        ],
        "history" => &["chiso history", "chiso history SN-BQLDA --from 2024"],
        "diff" => &[
            "chiso diff 2024 2025",
            "chiso diff 2025 2026 --format md -o thuyet-minh.md",
        ],
        "new-year" => &["chiso new-year 2025 2026 --units"],
        "template" => &["chiso template 2025 STP -o scores/2025/self/STP.toml"],
        "lock" => &["chiso lock 2025", "chiso lock 2025 --sign ~/khoa.pem"],
        "verify" => &["chiso verify 2025"],
        "key" | "key new" => &["chiso key new -o ~/khoa.pem"],
        "notify" => &[
            "chiso notify 2025 STP --round 2 -o thong-bao-STP.html",
            "chiso notify 2025 --all -o thong-bao-vong-1",
        ],
        "review" => &[
            "chiso review 2025 STP --format md",
            "chiso review 2025 --kind gap,na-claim --block so",
        ],
        "test" => &["chiso test 2025"],
        "import" => &["chiso import dossiers 2025 mot-cua-2025.csv --dry-run"],
        "import self" => &["chiso import self 2025 STP mau-STP.xlsx --dry-run"],
        "import appraisal" => &["chiso import appraisal 2025 STP tham-dinh-STP.xlsx --dry-run"],
        "serve" => &["chiso serve --listen 127.0.0.1:8080"],
        "audit" => &["chiso audit"],
        "user add" => &["chiso user add nguyenvana --role don_vi --unit STP"],
        _ => &[],
    }
}

/// What an argument or option means (`arg` is clap's id: the field's name).
pub fn arg_help(command: &str, arg: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match (command, arg) {
        (_, "root") => (
            "Thư mục làm việc (chứa criteria/ và scores/); không có: thư mục gần nhất, từ thư mục hiện tại ngược lên, có criteria/",
            "The workspace folder (holds criteria/ and scores/); without it, the nearest folder upwards that has criteria/",
        ),
        (_, "lang") => (
            "Ngôn ngữ của thông báo và bảng biểu: vi (tiếng Việt, mặc định) hoặc en (tiếng Anh)",
            "Language of messages and tables: vi (Vietnamese, the default) or en (English)",
        ),
        (_, "help") => ("In trợ giúp", "Print help"),
        (_, "version") => ("In số phiên bản", "Print the version"),
        ("diff" | "new-year", "from") => ("Năm trước (năm nguồn)", "The earlier year (the source)"),
        ("diff" | "new-year", "to") => ("Năm sau (năm mới)", "The later year (the new one)"),
        ("history", "from") => (
            "Năm đầu tiên được in (mặc định: năm sớm nhất có criteria/)",
            "First year shown (default: the earliest year with criteria/)",
        ),
        ("history", "to") => (
            "Năm cuối cùng được in (mặc định: năm muộn nhất)",
            "Last year shown (default: the latest year)",
        ),
        (_, "year") => (
            "Năm đánh giá, ví dụ 2025 (thư mục criteria/NĂM)",
            "The year, e.g. 2025 (folder criteria/YEAR)",
        ),
        ("history", "unit") => (
            "Mã đơn vị, ví dụ SN-BQLDA; không có: mọi đơn vị",
            "A unit's code, e.g. SN-BQLDA; without it, every unit",
        ),
        // `notify --all` and the worklist's filters.
        ("notify", "unit") => (
            "Mã đơn vị (trong scores/NĂM/units.toml), ví dụ STP; không cần khi có --all",
            "The unit's code (in scores/YEAR/units.toml), e.g. STP; not with --all",
        ),
        ("notify", "all") => (
            "Thông báo của mọi đơn vị được công bố, mỗi đơn vị một tệp thong-bao-MÃ-NĂM-vong-VÒNG.md (hoặc .html) trong thư mục -o",
            "Every published unit's letter, one file per unit, thong-bao-CODE-YEAR-vong-ROUND.md (or .html), in the folder -o names",
        ),
        ("notify", "output") => (
            "Ghi vào tệp này (ghi trọn vẹn qua tệp tạm) thay vì in ra màn hình; với --all: thư mục nhận các thông báo",
            "Write to this file (atomically) instead of standard output; with --all, the folder the letters go to",
        ),
        ("review", "kind") => (
            "Chỉ các mục loại này (nhiều loại cách nhau bằng dấu phẩy): awaiting-decision, inconsistent, discrepancy, missing-evidence, na-claim, unanswered, gap",
            "Only items of these kinds (several separated by commas): awaiting-decision, inconsistent, discrepancy, missing-evidence, na-claim, unanswered, gap",
        ),
        ("review", "block") => (
            "Chỉ các đơn vị của khối này (mã hoặc tên khối, ví dụ so)",
            "Only the units of this block (its id or name, e.g. so)",
        ),
        ("review", "unit") => (
            "Chỉ đơn vị này (mã đơn vị, ví dụ STP)",
            "Only this unit (its code, e.g. STP)",
        ),
        ("check", "unit") => (
            "Chỉ những gì liên quan đến đơn vị này: tệp, kết quả của đơn vị và các vấn đề chung của cả năm",
            "Only what concerns this unit: its own files and results, and the problems of the year that concern every unit",
        ),
        (_, "unit") => (
            "Mã đơn vị (trong scores/NĂM/units.toml), ví dụ STP",
            "The unit's code (in scores/YEAR/units.toml), e.g. STP",
        ),
        ("check", "errors_only") => (
            "Chỉ in các lỗi (dòng cuối vẫn đếm các cảnh báo)",
            "Only the errors (the last line still counts the warnings)",
        ),
        ("check", "criteria") => (
            "Chỉ các vấn đề của bộ tiêu chí (criteria/NĂM), không có vấn đề của các đơn vị",
            "Only the problems of the criteria (criteria/YEAR), none of the units'",
        ),
        ("explain", "code") => (
            "Mã tiêu chí, ví dụ 3.3.1",
            "The criterion's code, e.g. 3.3.1",
        ),
        ("score", "block") => (
            "Chỉ khối này (mã khối, ví dụ so)",
            "Only this block (its id, e.g. so)",
        ),
        ("check" | "history" | "test", "format") => (
            "Định dạng: text (văn bản) hoặc json",
            "Format: text or json",
        ),
        ("diff", "format") => (
            "Định dạng: text, md (bảng Markdown cho tờ trình) hoặc json",
            "Format: text, md (Markdown tables for the explanatory note) or json",
        ),
        ("score", "format") => (
            "Định dạng: table (bảng), json, csv (cho chương trình), csv-excel (cho Excel tiếng Việt: dấu phẩy thập phân, dấu ;) hoặc md; mặc định theo phần mở rộng của --output, không có thì table",
            "Format: table, json, csv (for programs), csv-excel (for Excel in Vietnamese: decimal commas, ;) or md; by default the extension of --output says, else table",
        ),
        ("export", "format") => (
            "Định dạng: xlsx (khuyên dùng cho Excel), html, csv, csv-excel (dấu phẩy thập phân, dấu ;) hoặc md; mặc định theo phần mở rộng của --output, không có thì html",
            "Format: xlsx (recommended for Excel), html, csv, csv-excel (decimal commas, ;) or md; by default the extension of --output says, else html",
        ),
        ("notify", "format") => (
            "Định dạng: md hoặc html (trang in khổ A4); mặc định theo phần mở rộng của --output, không có thì md",
            "Format: md or html (a page to print on A4); by default the extension of --output says, else md",
        ),
        ("show" | "explain", "format") => (
            "Định dạng: text (văn bản), html (trang in khổ A4), md hoặc xlsx (cho Excel); mặc định theo phần mở rộng của --output, không có thì text",
            "Format: text, html (a page to print on A4), md or xlsx (for Excel); by default the extension of --output says, else text",
        ),
        ("review", "format") => (
            "Định dạng: table (bảng), json hoặc md; mặc định theo phần mở rộng của --output, không có thì table",
            "Format: table, json or md; by default the extension of --output says, else table",
        ),
        ("key new", "output") => (
            "Tệp khóa bí mật (ngoài thư mục làm việc; không ghi đè)",
            "The private key's file (outside the workspace; never overwritten)",
        ),
        ("template", "output") => (
            "Ghi mẫu vào tệp này (không ghi đè nếu không có --force); không có: in ra màn hình",
            "Write the template to this file (never over one without --force); without it, print it",
        ),
        (_, "output") => (
            "Ghi vào tệp này (ghi trọn vẹn qua tệp tạm) thay vì in ra màn hình",
            "Write to this file (atomically) instead of standard output",
        ),
        ("template", "force") => (
            "Ghi đè tệp đã có (bản tự đánh giá đang điền sẽ mất)",
            "Overwrite an existing file (a filled self-assessment is lost)",
        ),
        ("lock", "force") => (
            "Thay bản khóa đã có khi dữ liệu hoặc kết quả đã thay đổi",
            "Replace an existing lock whose inputs or results have changed",
        ),
        ("lock", "reason") => (
            "Cùng --force: khóa dù `check` còn lỗi hoặc thiếu số liệu chính thức (W0609); lý do và các vấn đề được ghi vào bản khóa",
            "With --force: lock although `check` reports errors or official data is missing (W0609); the reason and problems are recorded",
        ),
        ("lock", "sign") => (
            "Ký bản khóa bằng khóa bí mật này (tạo bằng `chiso key new`, giữ ngoài thư mục làm việc)",
            "Sign the lock with this private key (made by `chiso key new`, kept outside the workspace)",
        ),
        ("verify", "public_key") => (
            "Khóa công khai bản khóa phải được ký (64 chữ số thập lục phân), thay cho lock_public_key của quy chế",
            "The public key the lock must be signed with (64 hexadecimal digits), instead of the regulation's lock_public_key",
        ),
        ("new-year", "units") => (
            "Chép cả scores/TỪ/units.toml (bỏ `previous`)",
            "Also copy scores/FROM/units.toml (without `previous`)",
        ),
        ("notify", "round") => (
            "Vòng thẩm định (mặc định 1)",
            "The appraisal round (default 1)",
        ),
        ("import", "kind") => (
            "Loại số liệu: dossiers (hồ sơ TTHC, phần mềm một cửa), survey (chỉ số hài lòng), reports (báo cáo định kỳ)",
            "What the file holds: dossiers (one-stop dossiers), survey (satisfaction index), reports (periodic reports)",
        ),
        ("import", "file") => (
            "Tệp CSV hoặc bảng tính (XLSX)",
            "The CSV or spreadsheet (XLSX) file",
        ),
        ("import self", "file") => (
            "Bảng tính đã điền (.xlsx hoặc .ods)",
            "The filled workbook (.xlsx, or .ods)",
        ),
        ("import self", "dry_run") => (
            "Chỉ in những gì sẽ thay đổi theo từng tiêu chí; không ghi gì",
            "Show what would change, criterion by criterion; write nothing",
        ),
        ("serve", "trusted_proxy") => (
            "Địa chỉ của reverse proxy đứng trước máy chủ: yêu cầu đến từ địa chỉ này được coi là của địa chỉ cuối cùng proxy thêm vào X-Forwarded-For (cho việc khóa đăng nhập và nhật ký)",
            "The reverse proxy in front of the server: requests from this address are taken to come from the last address it adds to X-Forwarded-For (for the login lockout and the audit log)",
        ),
        ("serve", "listen") => (
            "Địa chỉ và cổng để lắng nghe (mặc định 127.0.0.1:8080)",
            "The address and port to listen on (127.0.0.1:8080 by default)",
        ),
        ("user add" | "user passwd" | "user disable", "name") => {
            ("Tên đăng nhập của tài khoản", "The account's login name")
        }
        ("user add", "role") => (
            "Vai trò: don_vi (cán bộ đơn vị), tham_dinh (thành viên Hội đồng), quan_tri (quản trị, Sở Nội vụ), xem (chỉ xem)",
            "Role: don_vi (a unit's officer), tham_dinh (council member), quan_tri (administrator at Sở Nội vụ), xem (read only)",
        ),
        ("user add", "units") => (
            "Đơn vị của tài khoản (don_vi: ít nhất một; tham_dinh: các đơn vị được giao, tất cả nếu không nêu); nêu nhiều lần cho nhiều đơn vị",
            "A unit of the account (don_vi: one at least; tham_dinh: the units assigned, all when none); repeat for several",
        ),
        ("user add" | "user passwd", "password_stdin") => (
            "Đọc mật khẩu từ đầu vào chuẩn, không hỏi",
            "Read the password from standard input, without a prompt",
        ),
        ("import appraisal", "file") => (
            "Bảng tính thẩm định đã điền (.xlsx hoặc .ods)",
            "The filled appraisal workbook (.xlsx, or .ods)",
        ),
        ("import appraisal", "dry_run") => (
            "Chỉ in những gì sẽ thay đổi theo từng tiêu chí; không ghi gì",
            "Show what would change, criterion by criterion; write nothing",
        ),
        ("template", "all") => (
            "Mọi đơn vị của năm: mỗi đơn vị một bảng tính (mau-ĐƠN_VỊ-NĂM.xlsx, hoặc tham-dinh-ĐƠN_VỊ-NĂM.xlsx với --for appraisal, chỉ các đơn vị đã tự đánh giá) vào thư mục --output",
            "Every unit of the year: one workbook per unit (mau-UNIT-YEAR.xlsx, or tham-dinh-UNIT-YEAR.xlsx with --for appraisal, only the units with a self-assessment) into the folder --output names",
        ),
        ("template", "for_") => (
            "Phiếu cho ai: self (đơn vị tự đánh giá, mặc định) hoặc appraisal (bảng tính thẩm định của Hội đồng, luôn là .xlsx)",
            "Whose form: self (the unit's self-assessment, the default) or appraisal (the council's appraisal workbook, always .xlsx)",
        ),
        ("template", "round") => (
            "Vòng thẩm định của bảng tính (chỉ với --for appraisal); mặc định là vòng kế tiếp",
            "The appraisal round of the workbook (only with --for appraisal); by default the next round",
        ),
        ("template", "format") => (
            "Định dạng: toml (tệp tự đánh giá) hoặc xlsx (bảng tính để điền trong Excel); mặc định theo phần mở rộng của --output, không có thì toml",
            "Format: toml (a self-assessment file) or xlsx (a workbook to fill in Excel); by default the extension of --output says, else toml",
        ),
        ("import", "accept_warnings") => (
            "Ghi cả khi có dòng không cộng khớp (số liệu được giữ đúng như trong tệp)",
            "Write even though some rows do not add up (the numbers are kept as written)",
        ),
        ("import", "dry_run") => (
            "Chỉ in những gì sẽ thay đổi; không ghi gì",
            "Show what would change; write nothing",
        ),
        ("import", "replace") => (
            "Tệp thay toàn bộ số liệu: đơn vị không có trong tệp bị xóa (mặc định được giữ)",
            "The file replaces the whole dataset: units it does not mention are removed (by default they are kept)",
        ),
        ("import", "period") => (
            "Kỳ của số liệu: nam (cả năm, mặc định), 6t (6 tháng đầu năm), q1, q2, q3, q4; dòng của kỳ khác được giữ",
            "The period the figures cover: nam (the year, the default), 6t (first six months), q1..q4; other periods' rows are kept",
        ),
        ("help", "command") => ("Lệnh cần xem trợ giúp", "The command to show help for"),
        _ => return None,
    };
    Some(if lang == Lang::Vi { vi } else { en })
}

/// A placeholder for an argument's value in the usage line (`<NĂM>`).
pub fn value_name(arg: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match arg {
        "year" => ("NĂM", "YEAR"),
        "unit" => ("ĐƠN_VỊ", "UNIT"),
        "code" => ("MÃ_TIÊU_CHÍ", "CODE"),
        "from" => ("TỪ", "FROM"),
        "to" => ("ĐẾN", "TO"),
        "output" => ("TỆP", "FILE"),
        "file" => ("TỆP", "FILE"),
        "root" => ("THƯ_MỤC", "DIR"),
        "block" => ("KHỐI", "BLOCK"),
        "round" => ("VÒNG", "ROUND"),
        "reason" => ("LÝ_DO", "REASON"),
        "period" => ("KỲ", "PERIOD"),
        "kind" => ("LOẠI", "KIND"),
        "sign" => ("TỆP_KHÓA", "KEYFILE"),
        "public_key" => ("HEX", "HEX"),
        "format" => ("ĐỊNH_DẠNG", "FORMAT"),
        "lang" => ("NGÔN_NGỮ", "LANG"),
        "command" => ("LỆNH", "COMMAND"),
        _ => return None,
    };
    Some(if lang == Lang::Vi { vi } else { en })
}

/// Words clap writes around the help, and the examples' heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpWord {
    Usage,
    Commands,
    Arguments,
    Options,
    Examples,
    Default,
    Values,
    /// Clap's "[OPTIONS]" in a usage line.
    OptionsPlaceholder,
    /// Clap's "<COMMAND>" in a usage line.
    CommandPlaceholder,
}

impl HelpWord {
    pub fn text(self, lang: Lang) -> &'static str {
        use HelpWord::*;
        let (vi, en) = match self {
            Usage => ("Cách dùng:", "Usage:"),
            Commands => ("Lệnh", "Commands"),
            Arguments => ("Đối số", "Arguments"),
            Options => ("Tùy chọn", "Options"),
            Examples => ("Ví dụ:", "Examples:"),
            Default => ("mặc định:", "default:"),
            Values => ("giá trị:", "possible values:"),
            OptionsPlaceholder => ("[TÙY_CHỌN]", "[OPTIONS]"),
            CommandPlaceholder => ("<LỆNH>", "<COMMAND>"),
        };
        if lang == Lang::Vi { vi } else { en }
    }
}

/// A command line clap could not read, in the user's language.
#[derive(Debug, Clone, PartialEq)]
pub enum UsageError {
    UnknownCommand {
        given: String,
        suggested: Vec<String>,
    },
    UnknownArgument {
        given: String,
        suggested: Option<String>,
    },
    MissingArguments(Vec<String>),
    MissingCommand,
    InvalidValue {
        arg: String,
        value: String,
        valid: Vec<String>,
        suggested: Option<String>,
    },
    /// A value that should be a whole number (a year, a round) is not.
    NotANumber {
        arg: String,
        value: String,
    },
    /// An option given twice, or two that cannot go together.
    Conflict {
        arg: String,
        with: Option<String>,
    },
    /// An argument more than the command takes.
    Unexpected(String),
    /// Anything else clap reports: its own (English) words, kept as detail.
    Other(String),
}

impl UsageError {
    pub fn text(&self, lang: Lang) -> String {
        use UsageError::*;
        let suggest = |s: &[String]| match s {
            [] => String::new(),
            s => tr!(
                lang,
                format!("; có phải ý bạn là {}?", list(s).replace(", ", " hoặc ")),
                format!("; did you mean {}?", list(s).replace(", ", " or ")),
            ),
        };
        match self {
            UnknownCommand { given, suggested } => tr!(
                lang,
                format!("không có lệnh `{given}`{}", suggest(suggested)),
                format!("no command `{given}`{}", suggest(suggested)),
            ),
            UnknownArgument { given, suggested } => {
                let s = suggest(suggested.as_slice());
                tr!(
                    lang,
                    format!("lệnh này không có tùy chọn `{given}`{s}"),
                    format!("this command has no option `{given}`{s}"),
                )
            }
            MissingArguments(args) => tr!(
                lang,
                format!("thiếu {}", args.join(", ")),
                format!("missing {}", args.join(", ")),
            ),
            MissingCommand => tr!(lang, "thiếu tên lệnh".into(), "no command given".into()),
            InvalidValue {
                arg,
                value,
                valid,
                suggested,
            } => {
                let s = suggest(suggested.as_slice());
                tr!(
                    lang,
                    format!(
                        "giá trị `{value}` không dùng được cho {arg}{s}; các giá trị: {}",
                        list(valid)
                    ),
                    format!(
                        "`{value}` is not a value of {arg}{s}; the values: {}",
                        list(valid)
                    ),
                )
            }
            NotANumber { arg, value } => tr!(
                lang,
                format!("{arg} phải là số nguyên (ví dụ 2025), không phải `{value}`"),
                format!("{arg} must be a whole number (e.g. 2025), not `{value}`"),
            ),
            Conflict { arg, with: None } => tr!(
                lang,
                format!("{arg} chỉ được ghi một lần"),
                format!("{arg} may be given only once"),
            ),
            Conflict {
                arg,
                with: Some(other),
            } => tr!(
                lang,
                format!("{arg} không dùng cùng {other} được"),
                format!("{arg} cannot be used with {other}"),
            ),
            Unexpected(value) => tr!(
                lang,
                format!("thừa đối số `{value}`"),
                format!("unexpected argument `{value}`"),
            ),
            Other(detail) => tr!(
                lang,
                format!("dòng lệnh không hợp lệ ({detail})"),
                format!("invalid command line ({detail})"),
            ),
        }
    }

    /// The line that follows the error: where to read more.
    pub fn see_help(command: &str, lang: Lang) -> String {
        let command = if command.is_empty() {
            "chiso".to_string()
        } else {
            format!("chiso {command}")
        };
        tr!(
            lang,
            format!("xem cách dùng: {command} --help"),
            format!("for more, try: {command} --help"),
        )
    }
}
