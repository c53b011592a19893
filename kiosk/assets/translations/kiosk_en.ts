<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>Attract</name>
    <message>
        <source>我要评价</source>
        <translation>Rate a service</translation>
    </message>
    <message>
        <source>输入办件编号
对办理的事项进行评价</source>
        <translation>Enter your case number
to rate the service you received</translation>
    </message>
    <message>
        <source>扫码评价</source>
        <translation>Scan to rate</translation>
    </message>
    <message>
        <source>将凭条上的二维码
对准下方扫描窗口</source>
        <translation>Hold your receipt&apos;s QR code
over the scanner below</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <source>{n} 秒后返回</source>
        <translation>Back in {n} s</translation>
    </message>
    <message>
        <source>{n} 秒</source>
        <translation>{n} s</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>演示 · 业务系统(模拟)</source>
        <translation>Demo · business system (simulated)</translation>
    </message>
    <message>
        <source>演示工具 · 模拟业务系统</source>
        <translation>Demo tool · simulated business system</translation>
    </message>
    <message>
        <source>发送评价邀请</source>
        <translation>Send rating invitation</translation>
    </message>
    <message>
        <source>{name}(工号 {code})</source>
        <translation>{name} (staff no. {code})</translation>
    </message>
    <message>
        <source>签到</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>签退</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>在岗</source>
        <translation>On duty</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>离开</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>已发送邀请 {task} · {number}</source>
        <translation>Invitation sent: {task} · {number}</translation>
    </message>
    <message>
        <source>{name} 已签到</source>
        <translation>{name} signed in</translation>
    </message>
    <message>
        <source>失败:{error}</source>
        <translation>Failed: {error}</translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <source>办事效率高</source>
        <translation>Efficient service</translation>
    </message>
    <message>
        <source>服务热情周到</source>
        <translation>Warm, attentive staff</translation>
    </message>
    <message>
        <source>指引清楚明白</source>
        <translation>Clear guidance</translation>
    </message>
    <message>
        <source>等候时间太长</source>
        <translation>Waited too long</translation>
    </message>
    <message>
        <source>解释不够清楚</source>
        <translation>Unclear explanations</translation>
    </message>
    <message>
        <source>材料反复补充</source>
        <translation>Documents asked for again and again</translation>
    </message>
    <message>
        <source>请选择不满意的原因</source>
        <translation>Please choose what went wrong</translation>
    </message>
    <message>
        <source>您可以选择满意的原因(可选)</source>
        <translation>What did you like? (optional)</translation>
    </message>
    <message>
        <source>常用意见(点选即可填入)</source>
        <translation>Common comments (tap to add)</translation>
    </message>
    <message>
        <source>填写意见</source>
        <translation>Write a comment</translation>
    </message>
    <message>
        <source>请输入您的意见</source>
        <translation>Type your comment</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>您的评价:{level}</source>
        <translation>Your rating: {level}</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>一窗受理一次办结</source>
        <translation>One window, done in one visit</translation>
    </message>
    <message>
        <source>可以先受理后补材料</source>
        <translation>Accepted now, documents supplied later</translation>
    </message>
    <message>
        <source>不用提交证明</source>
        <translation>No certificates needed</translation>
    </message>
    <message>
        <source>可以全程网上办理</source>
        <translation>Can be done entirely online</translation>
    </message>
    <message>
        <source>可以使用手机办理</source>
        <translation>Can be done on a mobile phone</translation>
    </message>
    <message>
        <source>可以就近办理</source>
        <translation>Can be done nearby</translation>
    </message>
    <message>
        <source>无需材料直接办理</source>
        <translation>Done directly, no documents needed</translation>
    </message>
    <message>
        <source>服务热情效率高</source>
        <translation>Warm and efficient service</translation>
    </message>
    <message>
        <source>填写一张表单就可完成申报</source>
        <translation>One form completes the application</translation>
    </message>
    <message>
        <source>在线提交材料窗口核验</source>
        <translation>Documents sent online, checked at the window</translation>
    </message>
    <message>
        <source>一张清单告知全部申报材料</source>
        <translation>One checklist lists all the documents</translation>
    </message>
    <message>
        <source>用告知承诺减免申报材料</source>
        <translation>Fewer documents thanks to a signed commitment</translation>
    </message>
    <message>
        <source>可以在线预约办理</source>
        <translation>Appointments can be booked online</translation>
    </message>
    <message>
        <source>跑大厅一次办完</source>
        <translation>Done in one trip to the hall</translation>
    </message>
    <message>
        <source>可以使用自助机办理</source>
        <translation>Can be done at a self-service machine</translation>
    </message>
    <message>
        <source>服务态度较好</source>
        <translation>Good service attitude</translation>
    </message>
    <message>
        <source>一次性告知需要补正的材料</source>
        <translation>Told all missing documents at once</translation>
    </message>
    <message>
        <source>提供申报材料样本</source>
        <translation>Sample documents provided</translation>
    </message>
    <message>
        <source>在承诺的时间内办结</source>
        <translation>Completed within the promised time</translation>
    </message>
    <message>
        <source>办事指南指引准确</source>
        <translation>The service guide is accurate</translation>
    </message>
    <message>
        <source>按办事指南要求的材料即可办理</source>
        <translation>The documents in the guide were enough</translation>
    </message>
    <message>
        <source>可以快递送达</source>
        <translation>Results can be sent by courier</translation>
    </message>
    <message>
        <source>跑动次数与承诺的一致</source>
        <translation>Number of trips as promised</translation>
    </message>
    <message>
        <source>服务态度一般</source>
        <translation>Average service attitude</translation>
    </message>
    <message>
        <source>没有提供材料样本</source>
        <translation>No sample documents provided</translation>
    </message>
    <message>
        <source>没有提供材料清单</source>
        <translation>No list of documents provided</translation>
    </message>
    <message>
        <source>未在承诺时间内办结</source>
        <translation>Not completed within the promised time</translation>
    </message>
    <message>
        <source>同样内容的证明材料被要求多次提交</source>
        <translation>The same certificate was asked for repeatedly</translation>
    </message>
    <message>
        <source>承诺网办但无法在线办理</source>
        <translation>Promised online, but could not be done online</translation>
    </message>
    <message>
        <source>在线预约办理后到实体大厅重复取号排队</source>
        <translation>Booked online, yet had to queue again in the hall</translation>
    </message>
    <message>
        <source>窗口人员业务不熟练</source>
        <translation>Window staff unfamiliar with the procedure</translation>
    </message>
    <message>
        <source>服务态度生硬</source>
        <translation>Curt service attitude</translation>
    </message>
    <message>
        <source>在办事指南之外增加新的审批条件</source>
        <translation>Conditions added beyond the service guide</translation>
    </message>
    <message>
        <source>需提供办事指南之外的申报材料</source>
        <translation>Documents required beyond the service guide</translation>
    </message>
    <message>
        <source>无理由超过法定办理时间</source>
        <translation>Legal time limit exceeded without reason</translation>
    </message>
    <message>
        <source>办事指南提供样本有错</source>
        <translation>Errors in the service guide&apos;s samples</translation>
    </message>
    <message>
        <source>承诺在线收取申报材料实际无法收取</source>
        <translation>Online submission was promised but did not work</translation>
    </message>
    <message>
        <source>多头跑窗口和部门</source>
        <translation>Sent between several windows and departments</translation>
    </message>
    <message>
        <source>跑动次数与承诺的不一致</source>
        <translation>More trips than promised</translation>
    </message>
    <message>
        <source>服务态度差效率低</source>
        <translation>Poor attitude, low efficiency</translation>
    </message>
    <message>
        <source>二维码无效,请使用本中心打印的评价凭条</source>
        <translation>Invalid QR code. Please use a rating receipt printed by this centre</translation>
    </message>
    <message>
        <source>未找到该办件,请核对办件编号</source>
        <translation>Case not found. Please check the case number</translation>
    </message>
    <message>
        <source>正在查询办件信息…</source>
        <translation>Looking up the case…</translation>
    </message>
    <message>
        <source>暂时无法查询该办件,请稍后再试</source>
        <translation>The case cannot be looked up right now. Please try again later</translation>
    </message>
    <message>
        <source>请先完成当前评价</source>
        <translation>Please finish the current rating first</translation>
    </message>
    <message>
        <source>已超过评价期限</source>
        <translation>The rating period has ended</translation>
    </message>
    <message>
        <source>该办件已评价</source>
        <translation>This case has already been rated</translation>
    </message>
    <message>
        <source>该办件已评价,办结后可追加评价</source>
        <translation>This case has been rated. You can add a follow-up rating once it is completed</translation>
    </message>
    <message>
        <source>办件缺少办理时间,无法判断评价期限</source>
        <translation>The case has no service date, so the rating period cannot be checked</translation>
    </message>
    <message>
        <source>暂停评价 · 请稍候</source>
        <translation>Rating paused · Please wait</translation>
    </message>
    <message>
        <source>该办件已评价,不能重复评价</source>
        <translation>This case has already been rated and cannot be rated again</translation>
    </message>
    <message>
        <source>该办件已评价;办结后方可追加评价</source>
        <translation>This case has been rated; a follow-up rating is possible once it is completed</translation>
    </message>
    <message>
        <source>差评需要至少选择一个原因或填写文字评价</source>
        <translation>For a negative rating, please choose a reason or write a comment</translation>
    </message>
    <message>
        <source>意见最多500个字</source>
        <translation>Comments are at most 500 characters</translation>
    </message>
    <message>
        <source>服务指引是否清晰</source>
        <translation>Was the guidance clear?</translation>
    </message>
    <message>
        <source>办事程序是否便利</source>
        <translation>Was the procedure convenient?</translation>
    </message>
    <message>
        <source>材料手续是否精简</source>
        <translation>Were the documents and formalities kept few?</translation>
    </message>
    <message>
        <source>操作界面是否友好</source>
        <translation>Was the interface easy to use?</translation>
    </message>
    <message>
        <source>有何改进意见</source>
        <translation>How could we improve?</translation>
    </message>
    <message>
        <source>暂无意见</source>
        <translation>No suggestions</translation>
    </message>
    <message>
        <source>希望缩短等候时间</source>
        <translation>Shorter waits</translation>
    </message>
    <message>
        <source>希望简化办事材料</source>
        <translation>Fewer documents</translation>
    </message>
    <message>
        <source>希望增加自助设备</source>
        <translation>More kiosks</translation>
    </message>
</context>
<context>
    <name>End</name>
    <message>
        <source>扫码追加评价</source>
        <translation>Scan to add a follow-up rating</translation>
    </message>
    <message>
        <source>办结后可追加评价</source>
        <translation>Possible once the case is completed</translation>
    </message>
    <message>
        <source>扫码稍后评价</source>
        <translation>Scan to rate later</translation>
    </message>
    <message>
        <source>相关部门将在1个工作日内与您联系</source>
        <translation>The department will contact you within 1 working day.</translation>
    </message>
    <message>
        <source>打印凭条</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>凭条正在打印</source>
        <translation>Printing receipt</translation>
    </message>
    <message>
        <source>评价已超时</source>
        <translation>Rating timed out</translation>
    </message>
    <message>
        <source>感谢您的评价</source>
        <translation>Thank you for your rating</translation>
    </message>
    <message>
        <source>本次评价邀请已结束</source>
        <translation>This rating invitation has ended</translation>
    </message>
    <message>
        <source>您的评价已记录</source>
        <translation>Your rating has been recorded</translation>
    </message>
    <message>
        <source>设备正在恢复,如需帮助请咨询大厅工作人员</source>
        <translation>The device is recovering. For help, please ask the hall staff</translation>
    </message>
</context>
<context>
    <name>Idle</name>
    <message>
        <source>您好,欢迎办理业务</source>
        <translation>Hello, welcome</translation>
    </message>
    <message>
        <source>办理完成后,请对本次服务进行评价</source>
        <translation>When you are done, please rate this service</translation>
    </message>
    <message>
        <source>本窗口{status}</source>
        <translation>This window: {status}</translation>
    </message>
    <message>
        <source>请稍候,或咨询大厅引导人员</source>
        <translation>Please wait, or ask a hall guide</translation>
    </message>
</context>
<context>
    <name>Invited</name>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <source>事项名称:{name}</source>
        <translation>Service: {name}</translation>
    </message>
    <message>
        <source>办件编号 {number}</source>
        <translation>Case no. {number}</translation>
    </message>
    <message>
        <source>申请人 {name}</source>
        <translation>Applicant {name}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>请输入办件编号</source>
        <translation>Enter case number</translation>
    </message>
    <message>
        <source>办件编号见受理通知书或办事凭条</source>
        <translation>The case number is on your acceptance notice or receipt</translation>
    </message>
    <message>
        <source>例如 420100202611230032</source>
        <translation>e.g. 420100202611230032</translation>
    </message>
    <message>
        <source>退格</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Message</name>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <source>24小时自助评价
办事完成后,输入办件编号或扫描凭条二维码,即可评价本次服务</source>
        <translation>24-hour self-service rating
Enter your case number or scan your receipt to rate the service</translation>
    </message>
    <message>
        <source>您的评价,我们的动力
“好差评”结果实时汇总,差评件件有回音、有整改</source>
        <translation>Your rating drives us
Ratings are collected in real time; every negative rating gets a reply and a fix</translation>
    </message>
    <message>
        <source>评价期限
办件办理完成之日起5个工作日内可以评价;办结后还可追加评价一次</source>
        <translation>Rating period
Rate within 5 working days of your visit; once the case is completed, you may add one follow-up rating</translation>
    </message>
</context>
<context>
    <name>Pin</name>
    <message>
        <source>技术维护</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>请输入维护密码</source>
        <translation>Enter the maintenance PIN</translation>
    </message>
    <message>
        <source>密码错误,请重新输入</source>
        <translation>Wrong PIN, please try again</translation>
    </message>
    <message>
        <source>输错次数过多,已锁定,请 {n} 分钟后再试</source>
        <translation>Too many wrong PINs: locked. Try again in {n} min</translation>
    </message>
    <message>
        <source>退格</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Poster</name>
    <message>
        <source>政务服务 好差评</source>
        <translation>Government service rating</translation>
    </message>
    <message>
        <source>您的评价,是我们改进服务的动力</source>
        <translation>Your rating helps us improve our service</translation>
    </message>
    <message>
        <source>办事完成后 · 输入办件编号或扫描凭条二维码</source>
        <translation>When you are done · enter your case number or scan your receipt</translation>
    </message>
</context>
<context>
    <name>Qr</name>
    <message>
        <source>二维码</source>
        <translation>QR code</translation>
    </message>
</context>
<context>
    <name>Questions</name>
    <message>
        <source>请您回答几个问题(自愿填写)</source>
        <translation>A few questions (optional)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>填写意见</source>
        <translation>Write a comment</translation>
    </message>
    <message>
        <source>请输入您的意见</source>
        <translation>Type your comment</translation>
    </message>
    <message>
        <source>跳过</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
</context>
<context>
    <name>Screenshots</name>
    <message>
        <source>扫码器已连接 · 打印机就绪 · 待上传 0 条</source>
        <translation>Scanner connected · Printer ready · 0 to upload</translation>
    </message>
</context>
<context>
    <name>Setup</name>
    <message>
        <source>智能评价器</source>
        <translation>Smart evaluator</translation>
    </message>
    <message>
        <source>按键盒?</source>
        <translation>Button box?</translation>
    </message>
    <message>
        <source>有数据</source>
        <translation>Sends data</translation>
    </message>
    <message>
        <source>无应答</source>
        <translation>No answer</translation>
    </message>
    <message>
        <source>无法打开</source>
        <translation>Cannot open</translation>
    </message>
    <message>
        <source>使用中</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>探测端口</source>
        <translation>Probe ports</translation>
    </message>
    <message>
        <source>正在探测串口…</source>
        <translation>Probing the serial ports…</translation>
    </message>
    <message>
        <source>未发现串口设备:请检查连线,或直接输入端口</source>
        <translation>No serial device found: check the cables, or type the port</translation>
    </message>
    <message>
        <source>发现 {n} 个串口,点按选用</source>
        <translation>{n} serial port(s) found: tap one to use it</translation>
    </message>
    <message>
        <source>评价器</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <source>先探测端口:接着智能评价器的端口会显示「智能评价器」</source>
        <translation>Probe the ports first: a smart evaluator&apos;s port shows “Smart evaluator”</translation>
    </message>
    <message>
        <source>按键盒</source>
        <translation>Button box</translation>
    </message>
    <message>
        <source>不接(仅触摸屏)</source>
        <translation>None (touch screen only)</translation>
    </message>
    <message>
        <source>按键测试</source>
        <translation>Button test</translation>
    </message>
    <message>
        <source>请依次按下评价器上的五个按键;测试中的按键不会记为评价</source>
        <translation>Press the evaluator&apos;s five buttons in turn; presses during the test are never ratings</translation>
    </message>
    <message>
        <source>开始测试</source>
        <translation>Start test</translation>
    </message>
    <message>
        <source>正在打开评价器…</source>
        <translation>Opening the evaluator…</translation>
    </message>
    <message>
        <source>无法打开评价器:{error}</source>
        <translation>Cannot open the evaluator: {error}</translation>
    </message>
    <message>
        <source>评价器已连接:请按键</source>
        <translation>Evaluator connected: press its buttons</translation>
    </message>
    <message>
        <source>评价器没有应答:请检查端口、协议和连线</source>
        <translation>The evaluator does not answer: check port, protocol and cable</translation>
    </message>
    <message>
        <source>停止测试</source>
        <translation>Stop test</translation>
    </message>
    <message>
        <source>未接评价器:群众在触摸屏上评价,可跳过此步</source>
        <translation>No evaluator: citizens rate on the touch screen; skip this step</translation>
    </message>
    <message>
        <source>刚才按下:{key}(共 {n} 次,未记为评价)</source>
        <translation>Just pressed: {key} ({n} in all, not ratings)</translation>
    </message>
    <message>
        <source>刚才按下:无</source>
        <translation>Just pressed: none</translation>
    </message>
    <message>
        <source>凭条打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>自助终端打印评价凭条用;窗口评价器一般不接</source>
        <translation>Terminals print rating receipts; window pads usually have none</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>热敏打印机(ESC/POS)</source>
        <translation>Thermal printer (ESC/POS)</translation>
    </message>
    <message>
        <source>不接</source>
        <translation>None</translation>
    </message>
    <message>
        <source>打印测试页</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <source>请先选择打印机和端口</source>
        <translation>Choose the printer and its port first</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>测试页已打印:请查看打印机</source>
        <translation>Test page printed: look at the printer</translation>
    </message>
    <message>
        <source>打印机缺纸</source>
        <translation>The printer is out of paper</translation>
    </message>
    <message>
        <source>打印机没有应答:请检查端口、波特率和电源</source>
        <translation>The printer does not answer: check port, speed and power</translation>
    </message>
    <message>
        <source>打印失败:{error}</source>
        <translation>Printing failed: {error}</translation>
    </message>
    <message>
        <source>扫码器</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>自助终端扫描评价凭条用;选好后可扫任意二维码测试</source>
        <translation>Terminals scan rating receipts; once chosen, scan any QR code to test</translation>
    </message>
    <message>
        <source>串口扫码器</source>
        <translation>Serial scanner</translation>
    </message>
    <message>
        <source>USB 扫码枪</source>
        <translation>USB scanner</translation>
    </message>
    <message>
        <source>USB 扫码枪:扫码结果显示在这里</source>
        <translation>USB scanner: the scanned code shows here</translation>
    </message>
    <message>
        <source>测试扫码</source>
        <translation>Test scan</translation>
    </message>
    <message>
        <source>请用扫码枪扫描任意二维码</source>
        <translation>Scan any QR code with the scanner</translation>
    </message>
    <message>
        <source>请扫描任意二维码…</source>
        <translation>Scan any QR code…</translation>
    </message>
    <message>
        <source>扫码器正在使用:退出维护后扫码即可检验</source>
        <translation>The scanner is in use: scan a receipt after leaving maintenance to check it</translation>
    </message>
    <message>
        <source>请先选择扫码器和端口</source>
        <translation>Choose the scanner and its port first</translation>
    </message>
    <message>
        <source>扫码成功:{code}</source>
        <translation>Scanned: {code}</translation>
    </message>
    <message>
        <source>已设置(留空则保持不变)</source>
        <translation>Set (leave empty to keep it)</translation>
    </message>
    <message>
        <source>退格</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>设备类型</source>
        <translation>Device type</translation>
    </message>
    <message>
        <source>设备编号</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <source>大厅名称</source>
        <translation>Hall</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>部门编码</source>
        <translation>Dept. code</translation>
    </message>
    <message>
        <source>部门名称</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>区划代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <source>中心地址</source>
        <translation>Centre URL</translation>
    </message>
    <message>
        <source>应用标识</source>
        <translation>App mark</translation>
    </message>
    <message>
        <source>应用密钥</source>
        <translation>App secret</translation>
    </message>
    <message>
        <source>二维码密钥</source>
        <translation>QR secret</translation>
    </message>
    <message>
        <source>评价器协议</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <source>评价器端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>波特率</source>
        <translation>Speed</translation>
    </message>
    <message>
        <source>打印机端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>扫码器端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>维护密码</source>
        <translation>Maintenance PIN</translation>
    </message>
    <message>
        <source>{field}({key})= {value}:应为 {allowed}</source>
        <translation>{field} ({key}) = {value}: must be {allowed}</translation>
    </message>
    <message>
        <source>请选择界面语言</source>
        <translation>Choose the language</translation>
    </message>
    <message>
        <source>Please choose the language of the screens</source>
        <translation>Please choose the language of the screens</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>这台设备做什么用?</source>
        <translation>What is this device for?</translation>
    </message>
    <message>
        <source>窗口评价器放在有人值守的窗口旁;24小时自助终端供群众自助扫码、输入办件编号评价</source>
        <translation>A window pad stands at a staffed window; a 24-hour terminal lets citizens rate by scanning or typing a case number</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>窗口评价器</source>
        <translation>Window pad</translation>
    </message>
    <message>
        <source>24小时自助终端</source>
        <translation>24-hour terminal</translation>
    </message>
    <message>
        <source>设备与窗口</source>
        <translation>Device and window</translation>
    </message>
    <message>
        <source>设备编号须与中心登记的一致;大厅、窗口名称显示在屏幕顶部</source>
        <translation>The device ID must match the centre&apos;s register; hall and window show in the top bar</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>使用本机编号 {id}</source>
        <translation>Use this machine&apos;s {id}</translation>
    </message>
    <message>
        <source>例如 3号窗口</source>
        <translation>e.g. Window 3</translation>
    </message>
    <message>
        <source>例如 11420100MB1234567X</source>
        <translation>e.g. 11420100MB1234567X</translation>
    </message>
    <message>
        <source>行政区划代码</source>
        <translation>Area code</translation>
    </message>
    <message>
        <source>12 位数字,例如 420100000000(武汉市)</source>
        <translation>12 digits, e.g. 420100000000 (Wuhan)</translation>
    </message>
    <message>
        <source>区划</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>好差评中心</source>
        <translation>Rating centre</translation>
    </message>
    <message>
        <source>由中心运维人员提供;地址留空则评价只保存在本机。可先测试连接</source>
        <translation>From the centre&apos;s operators; with no URL ratings stay on this device. Test the link first</translation>
    </message>
    <message>
        <source>中心</source>
        <translation>Centre</translation>
    </message>
    <message>
        <source>测试连接</source>
        <translation>Test the link</translation>
    </message>
    <message>
        <source>测试会用上面的地址、标识、密钥和设备编号向中心请求本设备的资料</source>
        <translation>The test asks the centre for this device&apos;s profile with the URL, mark, secret and device ID above</translation>
    </message>
    <message>
        <source>中心约定的密钥;留空则随机生成</source>
        <translation>From the centre; empty: a random one</translation>
    </message>
    <message>
        <source>正在连接中心…</source>
        <translation>Contacting the centre…</translation>
    </message>
    <message>
        <source>连接成功:中心已识别本设备,人员名单 {n} 人</source>
        <translation>Connected: the centre knows this device; {n} staff in its roster</translation>
    </message>
    <message>
        <source>设置不完整:{detail}</source>
        <translation>Incomplete: {detail}</translation>
    </message>
    <message>
        <source>连不上中心:{detail}</source>
        <translation>Cannot reach the centre: {detail}</translation>
    </message>
    <message>
        <source>中心拒绝了签名(请核对应用标识、密钥和本机时间):{detail}</source>
        <translation>The centre refused the signature (check mark, secret and this clock): {detail}</translation>
    </message>
    <message>
        <source>中心不认识此设备编号(请中心先登记):{detail}</source>
        <translation>The centre does not know this device ID (have it registered): {detail}</translation>
    </message>
    <message>
        <source>中心答复异常:{detail}</source>
        <translation>Unexpected answer from the centre: {detail}</translation>
    </message>
    <message>
        <source>设置维护密码</source>
        <translation>Set the maintenance PIN</translation>
    </message>
    <message>
        <source>进入技术维护界面时输入;4–12 位数字,请输入两次</source>
        <translation>Asked for the maintenance screens; 4–12 digits, entered twice</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <source>再次输入</source>
        <translation>Again</translation>
    </message>
    <message>
        <source>维护密码不可用:{why}</source>
        <translation>PIN refused: {why}</translation>
    </message>
    <message>
        <source>两次输入的密码不一致,请重新输入</source>
        <translation>The two PINs differ: enter them again</translation>
    </message>
    <message>
        <source>确认并完成</source>
        <translation>Check and finish</translation>
    </message>
    <message>
        <source>按「完成」保存设置,设备随即开始评价服务</source>
        <translation>Finish saves the settings and the device starts serving</translation>
    </message>
    <message>
        <source>未接</source>
        <translation>None</translation>
    </message>
    <message>
        <source>大厅 · 窗口</source>
        <translation>Hall · window</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>不上报(只存本机)</source>
        <translation>No upload (kept on this device)</translation>
    </message>
    <message>
        <source>设备初始设置</source>
        <translation>Device setup</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>第 {n} 步,共 {total} 步</source>
        <translation>Step {n} of {total}</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>StaffCard</name>
    <message>
        <source>在岗</source>
        <translation>On duty</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>暂时离开</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>暂无工作人员</source>
        <translation>No staff on duty</translation>
    </message>
    <message>
        <source>工号 {code}</source>
        <translation>Staff no. {code}</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>评价器未连接</source>
        <translation>Evaluator disconnected</translation>
    </message>
    <message>
        <source>评价器已连接</source>
        <translation>Evaluator connected</translation>
    </message>
    <message>
        <source>上报认证失败</source>
        <translation>Upload authentication failed</translation>
    </message>
    <message>
        <source>上报中断</source>
        <translation>Upload interrupted</translation>
    </message>
    <message>
        <source>打印机缺纸</source>
        <translation>Printer out of paper</translation>
    </message>
    <message>
        <source>打印机离线</source>
        <translation>Printer offline</translation>
    </message>
    <message>
        <source>打印机故障</source>
        <translation>Printer fault</translation>
    </message>
    <message>
        <source>打印机无应答</source>
        <translation>Printer not answering</translation>
    </message>
    <message>
        <source>打印机未查询状态</source>
        <translation>Printer status not queried</translation>
    </message>
    <message>
        <source>待上传 {n} 条</source>
        <translation>{n} to upload</translation>
    </message>
</context>
<context>
    <name>TechDevice</name>
    <message>
        <source>点亮全部</source>
        <translation>All LEDs on</translation>
    </message>
    <message>
        <source>熄灭</source>
        <translation>LEDs off</translation>
    </message>
    <message>
        <source>邀请</source>
        <translation>Invite</translation>
    </message>
    <message>
        <source>感谢</source>
        <translation>Thank</translation>
    </message>
    <message>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>查询设备</source>
        <translation>Query device</translation>
    </message>
    <message>
        <source>开始测试</source>
        <translation>Start test</translation>
    </message>
    <message>
        <source>评价器:{line}</source>
        <translation>Evaluator: {line}</translation>
    </message>
    <message>
        <source>停止测试</source>
        <translation>Stop test</translation>
    </message>
    <message>
        <source>测试中:请依次按下评价器上的各个按键(按键不会记为评价)</source>
        <translation>Testing: press each key on the evaluator in turn (these presses are not ratings)</translation>
    </message>
    <message>
        <source>未在测试:按「开始测试」后按键只在此显示</source>
        <translation>Not testing: after “Start test”, key presses show only here</translation>
    </message>
    <message>
        <source>最近按键:{key}(共 {n} 次)</source>
        <translation>Last key: {key} ({n} presses)</translation>
    </message>
    <message>
        <source>最近按键:无</source>
        <translation>Last key: none</translation>
    </message>
    <message>
        <source>{command}:发送失败({error})</source>
        <translation>{command}: sending failed ({error})</translation>
    </message>
    <message>
        <source>已发送:{command}</source>
        <translation>Sent: {command}</translation>
    </message>
    <message>
        <source>未配置评价器,无法发送</source>
        <translation>No evaluator configured; nothing sent</translation>
    </message>
</context>
<context>
    <name>TechExport</name>
    <message>
        <source>请填写完整路径(以 / 开头):{path}</source>
        <translation>Please enter a full path (starting with /): {path}</translation>
    </message>
    <message>
        <source>目录不存在:{path}(U 盘是否已插好并挂载?)</source>
        <translation>Directory does not exist: {path} (is the USB stick plugged in and mounted?)</translation>
    </message>
    <message>
        <source>不是目录:{path}</source>
        <translation>Not a directory: {path}</translation>
    </message>
    <message>
        <source>目录不可写:{path}(U 盘是否写保护?)</source>
        <translation>Directory not writable: {path} (is the USB stick write-protected?)</translation>
    </message>
    <message>
        <source>{n} 字节</source>
        <translation>{n} bytes</translation>
    </message>
    <message>
        <source>评价记录(姓名、证件号、手机号已脱敏)和诊断信息,各导出一个文件(CSV、JSON)</source>
        <translation>Ratings (names, ID and phone numbers masked) and diagnostics, one file each (CSV, JSON)</translation>
    </message>
    <message>
        <source>导出到数据目录</source>
        <translation>Export to data directory</translation>
    </message>
    <message>
        <source>其他目录(如 U 盘):</source>
        <translation>Other directory (e.g. USB stick):</translation>
    </message>
    <message>
        <source>导出到此目录</source>
        <translation>Export here</translation>
    </message>
    <message>
        <source>数据目录:{path}</source>
        <translation>Data directory: {path}</translation>
    </message>
    <message>
        <source>U 盘 {path}</source>
        <translation>USB {path}</translation>
    </message>
    <message>
        <source>请先填写目录,例如 /media/usb</source>
        <translation>Please enter a directory first, e.g. /media/usb</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>同名导出已存在,请一秒后再试</source>
        <translation>An export of that name exists; try again in a second</translation>
    </message>
    <message>
        <source>导出失败:写入 {path} 时出错({error}),未留下不完整的文件</source>
        <translation>Export failed: writing {path} failed ({error}); no partial file was left</translation>
    </message>
    <message>
        <source>。U 盘是否已被拔出?请插好后重试</source>
        <translation>. Was the USB stick pulled out? Plug it in and try again</translation>
    </message>
    <message>
        <source>导出失败:{error}</source>
        <translation>Export failed: {error}</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
</context>
<context>
    <name>TechFormat</name>
    <message>
        <source>窗口评价器</source>
        <translation>Window evaluator</translation>
    </message>
    <message>
        <source>24小时自助终端</source>
        <translation>24-hour self-service terminal</translation>
    </message>
    <message>
        <source>已连接</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>未连接</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <source>未配置</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>缺纸</source>
        <translation>Out of paper</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>Fault</translation>
    </message>
    <message>
        <source>无应答(仍打印)</source>
        <translation>Not answering (printing anyway)</translation>
    </message>
    <message>
        <source>不查询状态(直接打印)</source>
        <translation>Not queried (printing directly)</translation>
    </message>
    <message>
        <source>正在上报</source>
        <translation>Uploading</translation>
    </message>
    <message>
        <source>上报失败,等待重试</source>
        <translation>Upload failed, waiting to retry</translation>
    </message>
    <message>
        <source>网络中断</source>
        <translation>Network down</translation>
    </message>
    <message>
        <source>认证失败(请检查接入密钥)</source>
        <translation>Authentication failed (check the access key)</translation>
    </message>
    <message>
        <source>未配置上报地址</source>
        <translation>No upload address configured</translation>
    </message>
    <message>
        <source>已上报</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>待上报</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>上报失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>填写中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>待机</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>邀请评价</source>
        <translation>Invited</translation>
    </message>
    <message>
        <source>填写详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>填写问卷</source>
        <translation>Questionnaire</translation>
    </message>
    <message>
        <source>感谢</source>
        <translation>Thanks</translation>
    </message>
    <message>
        <source>已超时</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>输入编号</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>按键过快</source>
        <translation>too fast</translation>
    </message>
    <message>
        <source>连续相同</source>
        <translation>identical run</translation>
    </message>
    <message>
        <source>无人登录</source>
        <translation>nobody signed in</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>未知(尚未连接中心)</source>
        <translation>Unknown (not yet connected to the centre)</translation>
    </message>
    <message>
        <source>{s} 秒 · 偏差过大,请校准时间</source>
        <translation>{s} s · too far off, please set the clock</translation>
    </message>
    <message>
        <source>{s} 秒</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>按键</source>
        <translation>keys</translation>
    </message>
    <message>
        <source>指令</source>
        <translation>commands</translation>
    </message>
    <message>
        <source>发送帧</source>
        <translation>frames sent</translation>
    </message>
    <message>
        <source>重发</source>
        <translation>resent</translation>
    </message>
    <message>
        <source>发送失败</source>
        <translation>send failures</translation>
    </message>
    <message>
        <source>重连</source>
        <translation>reconnects</translation>
    </message>
    <message>
        <source>断开</source>
        <translation>disconnects</translation>
    </message>
    <message>
        <source>心跳</source>
        <translation>heartbeats</translation>
    </message>
    <message>
        <source>坏帧</source>
        <translation>bad frames</translation>
    </message>
    <message>
        <source>重复</source>
        <translation>duplicates</translation>
    </message>
    <message>
        <source>丢弃指令</source>
        <translation>commands dropped</translation>
    </message>
    <message>
        <source>未命名</source>
        <translation>unnamed</translation>
    </message>
    <message>
        <source>{status} · 驱动 {driver}</source>
        <translation>{status} · driver {driver}</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <source>({n} 秒后重试)</source>
        <translation> (retry in {n} s)</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>not signed in</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>当前画面</source>
        <translation>Screen</translation>
    </message>
    <message>
        <source>{screen} · 工作人员 {staff}</source>
        <translation>{screen} · staff {staff}</translation>
    </message>
    <message>
        <source>评价器</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <source>评价器计数</source>
        <translation>Key counters</translation>
    </message>
    <message>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>待上传</source>
        <translation>To upload</translation>
    </message>
    <message>
        <source>评价记录</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>今日存疑</source>
        <translation>Flagged today</translation>
    </message>
    <message>
        <source>上报状态</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>最近成功</source>
        <translation>Last success</translation>
    </message>
    <message>
        <source>最近错误</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>时钟偏差</source>
        <translation>Clock offset</translation>
    </message>
    <message>
        <source>磁盘剩余</source>
        <translation>Disk free</translation>
    </message>
    <message>
        <source>{n} 条</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>{kind} {case} · 已尝试 {n} 次</source>
        <translation>{kind} {case} · {n} attempts</translation>
    </message>
</context>
<context>
    <name>TechPages</name>
    <message>
        <source>评价器测试</source>
        <translation>Evaluator test</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>设备状态</source>
        <translation>Device status</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>立即上报</source>
        <translation>Upload now</translation>
    </message>
    <message>
        <source>全部重新上报</source>
        <translation>Retry all</translation>
    </message>
    <message>
        <source>上报失败的记录</source>
        <translation>Failed uploads</translation>
    </message>
    <message>
        <source>全部重新上报({n})</source>
        <translation>Retry all ({n})</translation>
    </message>
    <message>
        <source>上报失败的记录:{n} 条</source>
        <translation>Failed uploads: {n}</translation>
    </message>
    <message>
        <source>上报失败的记录:无</source>
        <translation>Failed uploads: none</translation>
    </message>
    <message>
        <source>另有 {n} 条未列出(导出后可查看全部)</source>
        <translation>{n} more not listed (export to see them all)</translation>
    </message>
    <message>
        <source>上报失败:{error}</source>
        <translation>Upload failed: {error}</translation>
    </message>
    <message>
        <source>已开始上报,稍后刷新结果</source>
        <translation>Upload started; the result follows shortly</translation>
    </message>
    <message>
        <source>未配置上报地址,无法上报</source>
        <translation>No upload address configured; cannot upload</translation>
    </message>
    <message>
        <source>重新上报失败:{error}</source>
        <translation>Retry failed: {error}</translation>
    </message>
    <message>
        <source>已重新加入上报队列 {n} 条</source>
        <translation>{n} queued for upload again</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>没有改动</source>
        <translation>Nothing changed</translation>
    </message>
    <message>
        <source>未保存:{errors}</source>
        <translation>Not saved: {errors}</translation>
    </message>
    <message>
        <source>已保存 {n} 项;退出维护后设备自动重新启动,设置随即生效</source>
        <translation>{n} saved; the device restarts by itself after maintenance to apply them</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
</context>
<context>
    <name>TechStats</name>
    <message>
        <source>每日好评率</source>
        <translation>Daily satisfaction rate</translation>
    </message>
    <message>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>近7天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>近30天</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>评价 {total} 次 · 好评率 {rate} · 得分 {score}/20 · 差评 {bad}(不完整 {incomplete})· 标记 快按 {fast} / 连按 {burst} / 无人 {walk} · 无效按键 {ignored}</source>
        <translation>{total} ratings · satisfied {rate} · score {score}/20 · negative {bad} ({incomplete} incomplete) · flagged fast {fast} / burst {burst} / no staff {walk} · ignored presses {ignored}</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>无法统计:{error}</source>
        <translation>Cannot count: {error}</translation>
    </message>
</context>
<context>
    <name>Technician</name>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>评价器测试</source>
        <translation>Evaluator test</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>技术维护</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Exit</translation>
    </message>
    <message>
        <source>无法读取设备状态:{error}</source>
        <translation>Cannot read the device status: {error}</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>星期一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>星期二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>星期三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>星期四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>星期五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>星期六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>星期日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>政务服务好差评</source>
        <translation>Government Service Rating</translation>
    </message>
</context>
</TS>
